import Core
import Foundation
import JSON
import Storage
import Testing
@testable import Service

@Suite struct AdminEventsTests {
    struct Row {
        var id: String
        var provider: Provider = .yunzhenji
        var account = "sales"
        var kind: EventKind = .message
        var conversation: String? = "7xxx"
        var sender: String? = "7xxx"
        var text: String?
        var isSelf = false
        var isGroup: Bool? = false
        /// A receipt of a message wxhook sent: it is linked to that message.
        var receiptOfASend = false
        var receivedAt: Double
    }

    /// Stores the rows as ingest does; returns the id of the message the receipt is linked to.
    @discardableResult
    static func insert(_ rows: [Row], into server: AdminServer) async throws -> String? {
        var linked: String?
        for row in rows {
            var apiSendID: String?
            if row.receiptOfASend {
                let message = try await server.enqueue(provider: row.provider, account: row.account)
                apiSendID = "s-" + row.id
                _ = try await server.outbox.startAttempt(messageID: message.id, apiSendIDs: [apiSendID!],
                                                         now: server.clock.now)
                linked = message.id
            }
            let event = InboundEvent(
                provider: row.provider, account: row.account, kind: row.kind, conversation: row.conversation,
                sender: row.sender, text: row.text, apiSendID: apiSendID, isSelf: row.isSelf, isGroup: row.isGroup,
                dedupeKey: DedupeKey(value: row.id, windowed: false), rawBody: Array("{}".utf8))
            let stored = try await server.outbox.ingest(event, id: row.id, receivedAt: row.receivedAt, replies: nil)
            if row.receiptOfASend { #expect(stored.messageID == linked) }
        }
        return linked
    }

    static let t0 = AdminServer.t0
    static let rows: [Row] = [
        Row(id: "e_1", text: "价格多少", receivedAt: t0 + 1),
        Row(id: "e_2", provider: .botadmin, account: "shop", conversation: "g1@chatroom", text: "100% 真的", isGroup: true,
            receivedAt: t0 + 2),
        Row(id: "e_3", kind: .receipt, conversation: "7xxx", text: "您好", isSelf: true, isGroup: nil,
            receiptOfASend: true, receivedAt: t0 + 3.5),
        Row(id: "e_4", text: "under_score", receivedAt: t0 + 4),
        Row(id: "e_5", kind: .sendFailure, conversation: "8yyy", sender: nil, text: nil, receivedAt: t0 + 5),
        Row(id: "e_6", text: "100 yuan, underXscore", receivedAt: t0 + 6),
    ]

    static func ids(_ answer: AdminAnswer) -> [String] { answer.items.compactMap { $0["id"]?.stringValue } }

    @Test func listsNewestFirstInTheContractShape() async throws {
        try await AdminServer.with { server async throws in
            let linked = try #require(try await Self.insert(Self.rows, into: server))
            let answer = try await server.get("/api/events")
            #expect(answer.status == 200)
            #expect(Self.ids(answer) == ["e_6", "e_5", "e_4", "e_3", "e_2", "e_1"])
            #expect(answer.json["count"] == 6)
            #expect(answer.json["total"] == 6)
            let receipt = try #require(answer.items.first { $0["id"] == "e_3" })
            #expect(receipt == [
                "id": "e_3", "provider": "yunzhenji", "account": "sales", "kind": "receipt", "conversation": "7xxx",
                "sender": "7xxx", "text": "您好", "is_self": true, "is_group": nil, "message_id": .string(linked),
                "received_at": .double(Self.t0 + 3.5),
            ])
            let group = try #require(answer.items.first { $0["id"] == "e_2" })
            #expect(group["is_group"] == true)
            #expect(group["message_id"] == .null)
        }
    }

    @Test func filtersCombine() async throws {
        try await AdminServer.with { server async throws in
            try await Self.insert(Self.rows, into: server)
            #expect(Self.ids(try await server.get("/api/events?provider=botadmin")) == ["e_2"])
            #expect(Self.ids(try await server.get("/api/events?account=sales&kind=receipt")) == ["e_3"])
            #expect(Self.ids(try await server.get("/api/events?kind=send_failure")) == ["e_5"])
            #expect(Self.ids(try await server.get("/api/events?conversation=7xxx&kind=message")) == ["e_6", "e_4", "e_1"])
            #expect(Self.ids(try await server.get("/api/events?since=\(Self.t0 + 3.5)&until=\(Self.t0 + 5)")) == ["e_4", "e_3"])
            let paged = try await server.get("/api/events?limit=2&offset=2")
            #expect(Self.ids(paged) == ["e_4", "e_3"])
            #expect(paged.json["total"] == 6)
        }
    }

    @Test func qMatchesTextLiterally() async throws {
        try await AdminServer.with { server async throws in
            try await Self.insert(Self.rows, into: server)
            #expect(Self.ids(try await server.get("/api/events?q=%E4%BB%B7%E6%A0%BC")) == ["e_1"])  // 价格
            // `%` and `_` are characters, not wildcards.
            #expect(Self.ids(try await server.get("/api/events?q=100%25")) == ["e_2"])
            #expect(Self.ids(try await server.get("/api/events?q=under_")) == ["e_4"])
            #expect(Self.ids(try await server.get("/api/events?q=%25")) == ["e_2"])
            #expect(Self.ids(try await server.get("/api/events?q=_")) == ["e_4"])
            // Case-insensitive for ASCII, as SQLite's LIKE is.
            #expect(Self.ids(try await server.get("/api/events?q=YUAN")) == ["e_6"])
            // A quote is just text too.
            let quoted = try await server.get("/api/events?q=%27%20OR%201%3D1%20--")
            #expect(quoted.status == 200)
            #expect(Self.ids(quoted).isEmpty)
        }
    }

    @Test(arguments: ["kind=chat", "provider=qq", "since=soon", "limit=x", "offset=-1", "since=1e300", "until=-1e20",
                      "until=253402300800"])
    func badParametersAre400(_ query: String) async throws {
        try await AdminServer.with { server async throws in
            let answer = try await server.get("/api/events?\(query)")
            #expect(answer.status == 400, "\(query)")
            #expect(answer.error != nil)
        }
    }
}
