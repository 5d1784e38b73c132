import Core
import Delivery
import Foundation
import SQLite
@testable import Service

/// An outbox database of its own in a fresh temp folder. `open()` opens it (again): closing the
/// writer and opening anew is a restart. The folder goes away with `remove()`.
struct OutboxFixture: Sendable {
    static let t0 = 1_763_700_000.0

    let folder: String
    let policy: DeliveryPolicy
    var path: String { folder + "/outbox.sqlite" }

    init(policy: DeliveryPolicy = DeliveryPolicy()) throws {
        folder = NSTemporaryDirectory() + "wxhook-outbox-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        self.policy = policy
    }

    func open() throws -> OutboxStore {
        let writer = try DatabaseWriter(path: path, migrations: [Self.eventsTable] + OutboxSchema.migrations)
        return OutboxStore(writer: writer, reader: try DatabaseReader(path: path), policy: policy)
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    /// Runs `body` with a freshly opened store, then closes it and removes the folder.
    static func with<T>(
        policy: DeliveryPolicy = DeliveryPolicy(), _ body: (OutboxStore, OutboxFixture) async throws -> T
    ) async throws -> T {
        let fixture = try OutboxFixture(policy: policy)
        defer { fixture.remove() }
        let store = try fixture.open()
        do {
            let result = try await body(store, fixture)
            await store.writer.close()
            return result
        } catch {
            await store.writer.close()
            throw error
        }
    }

    /// The events table of the service's schema version 1 (Service/Store/Schema.swift), which
    /// the outbox reads orphan callbacks from. Kept in step by hand: tests here open databases
    /// without the rest of the service.
    static let eventsTable = Migration(version: 1, sql: """
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, provider TEXT NOT NULL, account TEXT NOT NULL,
            kind TEXT NOT NULL, provider_type TEXT, conversation TEXT, sender TEXT, text TEXT,
            provider_msg_id TEXT, api_send_id TEXT, api_send_svrid TEXT, error TEXT, is_self INTEGER NOT NULL,
            is_group INTEGER, mentions TEXT, message_id TEXT, received_at REAL NOT NULL, raw BLOB NOT NULL
        );
        CREATE INDEX events_api_send_id ON events(api_send_id) WHERE api_send_id IS NOT NULL;
        CREATE INDEX events_api_send_svrid ON events(api_send_svrid) WHERE api_send_svrid IS NOT NULL;
        """)
}

extension OutboxStore {
    /// Stores a 云真机 callback as ingest does — the event row, then its effect, then the link, in
    /// one writer job — and returns the event id and the message it was applied to.
    @discardableResult
    func ingestCallback(
        _ kind: EventKind, apiSendID: String? = nil, providerID: String? = nil, errmsg: String? = nil,
        account: String = "sales", now: Double
    ) async throws -> (eventID: String, messageID: String?) {
        let event = InboundEvent(
            provider: .yunzhenji, account: account, kind: kind,
            providerType: kind == .receipt ? "chatMsg" : "chatMsgSendFail", apiSendID: apiSendID,
            apiSendSvrID: providerID, error: errmsg, isSelf: true,
            dedupeKey: DedupeKey(value: UUID().uuidString, windowed: false), rawBody: Array("{}".utf8))
        let eventID = Identifier.make(prefix: "e_", unixMillis: UInt64(now * 1000))
        let messageID = try await writer.write { db -> String? in
            try db.run("""
                INSERT INTO events (id, provider, account, kind, provider_type, api_send_id, api_send_svrid, error,
                                    is_self, received_at, raw)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, X'7B7D')
                """, [.text(eventID), .text(event.provider.rawValue), .text(account), .text(kind.rawValue),
                      SQLValue(event.providerType), SQLValue(apiSendID), SQLValue(providerID), SQLValue(errmsg),
                      .real(now)])
            let applied = try self.applyCallback(event, eventID: eventID, now: now, db: db)
            if let applied {
                try db.run("UPDATE events SET message_id = ? WHERE id = ?", [.text(applied), .text(eventID)])
            }
            return applied
        }
        return (eventID, messageID)
    }

    /// `events.message_id` of one event (nil while it is an orphan).
    func linkedMessage(ofEvent id: String) async throws -> String? {
        try await reader.read { db in
            try db.queryOne("SELECT message_id FROM events WHERE id = ?", [.text(id)])?.string(0)
        }
    }

    /// Enqueues one message through the API path and returns it.
    func enqueueOne(
        provider: Provider = .yunzhenji, account: String = "sales", conversation: String = "7xxx",
        items: [MessageItem] = [.text("您好")], origin: MessageOrigin = .api, sendAt: Double? = nil, now: Double
    ) async throws -> OutboxMessage {
        let new = NewOutboxMessage(provider: provider, account: account, conversation: conversation, items: items,
                                   origin: origin, sendAt: sendAt)
        guard case .created(let messages) = try await enqueue([new], now: now), let message = messages.first else {
            throw OutboxFixtureError("enqueue created nothing")
        }
        return message
    }

    /// The message's detail, which must exist.
    func detail(_ id: String) async throws -> OutboxMessageDetail {
        guard let detail = try await message(id: id) else { throw OutboxFixtureError("no message \(id)") }
        return detail
    }
}

struct OutboxFixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension [TimelineEntry] {
    /// Every row's `from` is the previous row's `to`, and only the first has none.
    var isChained: Bool {
        guard let first, first.from == nil else { return false }
        return zip(self, dropFirst()).allSatisfy { previous, next in next.from == previous.to }
    }
}
