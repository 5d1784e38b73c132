import Core

/// What storing an inbound event decides, the same on every engine: which key finds its
/// redeliveries, when a key seen before still makes a redelivery, and what a newly stored event
/// causes in its transaction, in which order. Each engine supplies the SQL (`IngestTransaction`).
enum Ingest {
    /// The event's dedupe key as stored. Keys are scoped to the account: two accounts may see the
    /// same provider ids or bodies. nil when no later copy could ever be found a redelivery by it —
    /// a windowed key (a body hash) with no window (`dedupe_window_s: 0`) — and so it is neither
    /// looked up nor written: identical bodies would otherwise all wait on one key's row.
    static func key(of event: InboundEvent, window: Double) -> String? {
        guard !event.dedupeKey.windowed || window > 0 else { return nil }
        return event.provider.rawValue + "/" + event.account + "/" + event.dedupeKey.value
    }

    /// Whether an event received at `receivedAt` is a redelivery of the one stored under its key
    /// at `firstSeen`. A windowed key (a body hash) counts only within `window`; after that the
    /// key is taken over by the new event. Receive times are taken before requests reach the
    /// database, so a later-stored twin can carry the earlier time: the distance counts, not its sign.
    static func isRedelivery(receivedAt: Double, firstSeen: Double, windowed: Bool, window: Double) -> Bool {
        !windowed || abs(receivedAt - firstSeen) < window
    }

    /// Whether the event changes an outbox message: a 云真机 receipt or failure, applied in the
    /// transaction that stores it (on PostgreSQL, one that must see an attempt committing on
    /// another instance at the same moment).
    static func correlates(_ event: InboundEvent) -> Bool {
        event.kind == .receipt || event.kind == .sendFailure
    }

    /// Applies a new receipt or failure to the message it names, inside the transaction that
    /// stores it: that message's id (to write into the event's `message_id`), or nil when the
    /// event is no callback or matches no message (yet: an orphan). An engine may call it before
    /// or after writing the event's row; before, the row is written once, already linked.
    static func applyCallback<Engine: IngestEngine>(
        _ event: InboundEvent, id: String, receivedAt: Double, engine: Engine, db: Engine.Transaction
    ) throws -> String? {
        guard correlates(event) else { return nil }
        return try engine.applyCallback(event, eventID: id, now: receivedAt, db: db)
    }

    /// What the newly stored `event` (its row written as `id`, its callback applied to
    /// `messageID` by `applyCallback`) causes next, written in its transaction through `engine` on
    /// `db`, and the answer for its caller:
    /// - a receipt or failure changed its message: the 200 that follows the commit covers the
    ///   event and its effect together;
    /// - a new inbound message and its replies commit together: a redelivery never gets here, and
    ///   a crash before the commit loses both;
    /// - its forwards commit with it: an application hears of every stored event and of nothing
    ///   that was not stored; a hand-off rides on its subscription's forward.
    static func effects<Engine: IngestEngine>(
        of event: InboundEvent, id: String, receivedAt: Double, messageID: String?, replies: ReplyPlanner?,
        engine: Engine, db: Engine.Transaction
    ) throws -> IngestResult {
        var replied = false
        var plan = ReplyPlan.nothing
        if event.kind == .message, let replies {
            plan = replies(event, id, receivedAt)
            if !plan.messages.isEmpty {
                try engine.enqueueReplies(plan.messages, now: receivedAt, db: db)
                replied = true
            }
        }
        let stored = StoredEvent(
            id: id, provider: event.provider.rawValue, account: event.account, kind: event.kind.rawValue,
            conversation: event.conversation, sender: event.sender, text: event.text, isSelf: event.isSelf,
            isGroup: event.isGroup, messageID: messageID, receivedAt: receivedAt)
        let forwarded = try engine.forwardEvent(stored, provider: event.provider, raw: event.rawBody, handoff: plan.handoff,
                                               db: db)
        return IngestResult(eventID: id, duplicate: false, replied: replied, messageID: messageID, forwarded: forwarded)
    }
}

/// The writes of `Ingest.applyCallback` and `Ingest.effects` in one engine's SQL, inside the
/// transaction (`Transaction`, the engine's connection) that stores the event.
protocol IngestEngine {
    associatedtype Transaction
    /// Applies a stored receipt or failure to the message it names; that message's id, or nil
    /// when it matches none (yet).
    func applyCallback(_ event: InboundEvent, eventID: String, now: Double, db: Transaction) throws -> String?
    /// Queues replies, due at `now`.
    func enqueueReplies(_ messages: [NewOutboxMessage], now: Double, db: Transaction) throws
    /// Creates the forwards of the stored event (one of them carrying `handoff`'s rule); whether
    /// there were any.
    func forwardEvent(_ event: StoredEvent, provider: Provider, raw: [UInt8], handoff: ForwardHandoff?,
                      db: Transaction) throws -> Bool
}
