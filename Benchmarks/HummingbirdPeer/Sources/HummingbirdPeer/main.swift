// The peer of Benchmarks/ingest.sh: `POST /hooks/botadmin/{account}` with a bot-admin webhook body.
// A body whose `secret` is not SECRET answers 401; otherwise one row is committed to SQLite and
// only then the answer is `200 {"ok":true}` — the same promise wxhook makes for a 200.
//
// usage: HummingbirdPeer PORT DBPATH [SECRET]     (SECRET default s3cret, as in the benchmark)
import Foundation
import Hummingbird

/// The fields of a bot-admin webhook the peer reads; the rest is stored as received.
struct BotadminWebhook: Decodable {
    let secret: String?
    let conversation_id: String?
    let sender: String?
}

let arguments = CommandLine.arguments
guard (3...4).contains(arguments.count), let port = Int(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: HummingbirdPeer PORT DBPATH [SECRET]\n".utf8))
    exit(64)
}
let secret = arguments.count == 4 ? arguments[3] : "s3cret"
let table = try EventTable(path: arguments[2])

let router = Router()
router.post("/hooks/botadmin/:account") { request, context -> Response in
    let bytes = try await request.body.collect(upTo: context.maxUploadSize)
    let body = Data(buffer: bytes)
    guard let webhook = try? JSONDecoder().decode(BotadminWebhook.self, from: body) else {
        throw HTTPError(.badRequest, message: "not a bot-admin webhook")
    }
    guard webhook.secret == secret else { throw HTTPError(.unauthorized, message: "wrong secret") }
    try await table.insert(
        receivedAt: Date().timeIntervalSince1970,
        account: context.parameters.get("account") ?? "",
        conversation: webhook.conversation_id,
        sender: webhook.sender,
        body: String(decoding: body, as: UTF8.self))
    return Response(
        status: .ok,
        headers: [.contentType: "application/json"],
        body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"ok":true}"#)))
}

let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "HummingbirdPeer"))
try await app.runService()
