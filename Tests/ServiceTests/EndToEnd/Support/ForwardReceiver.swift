import Core
import Foundation
import HTTP
import JSON
import Server
import Synchronization

/// A user's application that receives forwards: a live server on a loopback port the kernel
/// picks, which records every request and answers as the test's script says.
final class ForwardReceiver: Sendable {
    /// One request as it arrived.
    struct Request: Sendable {
        let id: String
        let timestamp: String
        let signature: String
        let contentType: String
        let userAgent: String
        let body: [UInt8]
        /// How many requests with this `webhook-id` came before this one.
        let repeatIndex: Int
        /// What it was answered.
        var status: Int = 0

        var json: JSONValue { (try? JSON.parse(body)) ?? .null }
        var type: String { json["type"]?.stringValue ?? "" }
        var text: String { json["data"]?["text"]?.stringValue ?? "" }
        var conversation: String { json["data"]?["conversation"]?.stringValue ?? "" }
    }

    /// What to do with a request.
    enum Answer: Sendable {
        case status(Int, headers: HTTPHeaders = HTTPHeaders())
        /// Answer 200 only after `seconds` (past the subscription's timeout, it is a hang).
        case hang(seconds: Double)
    }

    /// The requests, shared with the server's handler.
    private final class Log: Sendable {
        let requests = Mutex<[Request]>([])
    }

    private let log = Log()
    private let server: HTTPServer
    let port: Int

    var url: String { "http://127.0.0.1:\(port)/hooks/wxhook" }

    /// Every request so far, in arrival order.
    var received: [Request] { log.requests.withLock { $0 } }

    init(script: @escaping @Sendable (Request) -> Answer) throws {
        let requests = log
        server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, loopCount: 1)) { request in
            let id = request.headers["webhook-id"] ?? ""
            var arrived = Request(
                id: id, timestamp: request.headers["webhook-timestamp"] ?? "",
                signature: request.headers["webhook-signature"] ?? "",
                contentType: request.headers["Content-Type"] ?? "", userAgent: request.headers["User-Agent"] ?? "",
                body: request.body, repeatIndex: requests.requests.withLock { all in all.filter { $0.id == id }.count })
            switch script(arrived) {
            case .status(let code, let headers):
                arrived.status = code
                requests.requests.withLock { $0.append(arrived) }
                return HTTPResponse(status: HTTPStatus(code: code), headers: headers, body: Array("answer \(code)".utf8))
            case .hang(let seconds):
                arrived.status = 200
                requests.requests.withLock { $0.append(arrived) }
                try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                return HTTPResponse(status: .ok)
            }
        }
        port = try server.start()
    }

    func stop() async {
        await server.shutdown(gracePeriodMs: 0)
    }

    /// The `forward` array of a config with one subscription to this receiver.
    func subscription(_ name: String, secret: String, extra: String = "") -> String {
        #"{"name":"\#(name)","url":"\#(url)","secret":"\#(secret)"\#(extra.isEmpty ? "" : "," + extra)}"#
    }
}
