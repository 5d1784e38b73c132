import Core

/// The delivery side of one outbox message: its state, its attempts with per-item progress,
/// its error and when something is next due. A plain value: the store keeps it in columns (or
/// encodes it), applies an event, and commits the new value together with the timeline rows the
/// event produced.
///
/// The record does not hold the timeline; `apply` returns the new rows, which always chain on to
/// the previous ones (`from` of the first new row is the state before the call).
public struct DeliveryRecord: Sendable, Hashable, Codable {
    /// How many items a message may carry (the 云真机 limit, applied to every provider).
    public static let itemCountRange = 1...5

    public let itemCount: Int
    /// `Provider.hasReceipts`: whether acceptance waits for `chatMsg` / `chatMsgSendFail`.
    public let hasReceipts: Bool
    public internal(set) var state: DeliveryState
    /// Every attempt so far, oldest first; numbers are 1, 2, 3 ….
    public internal(set) var attempts: [DeliveryAttempt]
    /// Index into `attempts` of the first attempt of the current budget (a manual retry moves it).
    public internal(set) var budgetStart: Int
    /// Why the message failed or expired; nil otherwise.
    public internal(set) var error: String?
    /// When the dispatcher may send it (`queued`) or when its timer fires (`accepted`, `echoed`);
    /// nil in `sending` and in final states. Index this to find what is due.
    public internal(set) var nextActionAt: Double?
    /// The time of the latest timeline row.
    public internal(set) var updatedAt: Double

    /// A new message, `queued` until `sendAt` (or now), with its first timeline row
    /// (`from: nil`). `cause` says where it came from: "api", "rule price" ….
    public static func enqueue(
        itemCount: Int, hasReceipts: Bool, at time: Double, sendAt: Double? = nil, cause: String
    ) throws(DeliveryRefusal) -> (record: DeliveryRecord, entry: TimelineEntry) {
        guard itemCountRange.contains(itemCount) else { throw .itemCountOutOfRange(itemCount) }
        let record = DeliveryRecord(
            itemCount: itemCount, hasReceipts: hasReceipts, state: .queued, attempts: [],
            budgetStart: 0, error: nil, nextActionAt: max(time, sendAt ?? time), updatedAt: time)
        return (record, TimelineEntry(time: time, from: nil, to: .queued, cause: cause))
    }

    /// `enqueue` for a provider: its receipt nature decides between `accepted` and `sent`.
    public static func enqueue(
        provider: Provider, itemCount: Int, at time: Double, sendAt: Double? = nil, cause: String
    ) throws(DeliveryRefusal) -> (record: DeliveryRecord, entry: TimelineEntry) {
        try enqueue(itemCount: itemCount, hasReceipts: provider.hasReceipts, at: time, sendAt: sendAt, cause: cause)
    }

    /// Rebuilds a stored record, field by field, exactly as it was saved.
    public init(
        itemCount: Int, hasReceipts: Bool, state: DeliveryState, attempts: [DeliveryAttempt],
        budgetStart: Int, error: String?, nextActionAt: Double?, updatedAt: Double
    ) {
        self.itemCount = itemCount
        self.hasReceipts = hasReceipts
        self.state = state
        self.attempts = attempts
        self.budgetStart = budgetStart
        self.error = error
        self.nextActionAt = nextActionAt
        self.updatedAt = updatedAt
    }

    public var latestAttempt: DeliveryAttempt? { attempts.last }
    /// The number `sendStarted` must carry next.
    public var nextAttemptNumber: Int { (attempts.last?.number ?? 0) + 1 }
    /// Attempts made in the current budget (compare with `max_attempts`).
    public var attemptsInBudget: Int { attempts.count - budgetStart }
    /// The latest attempt's provider ids, one per item (`provider_ids` in the API).
    public var providerIDs: [String?] { attempts.last?.providerIDs ?? [] }

    /// Whether the dispatcher (queued) or the reconciler (a timer) has something to do at `time`.
    public func isDue(at time: Double) -> Bool {
        guard let nextActionAt else { return false }
        return nextActionAt <= time
    }

    /// The attempt number a callback belongs to, or nil for an orphan. The store can use this to
    /// apply buffered orphan callbacks right after `sendStarted` or a send answer commits.
    public func attemptNumber(matching reference: CallbackReference) -> Int? {
        locate(reference).map { attempts[$0.attempt].number }
    }

    /// Applies one event at `time` (Unix seconds). Timers that fell due before `time` fire first,
    /// so the result does not depend on how often the reconciler ticks. Returns the timeline rows
    /// produced, in order; empty when nothing happened (a tick with nothing due). Persist the rows
    /// with the record in one transaction. A refused event throws and leaves the record as it was.
    public mutating func apply(
        _ event: DeliveryEvent, at time: Double, policy: DeliveryPolicy
    ) throws(DeliveryRefusal) -> [TimelineEntry] {
        var next = self
        var rows: [TimelineEntry] = []
        next.fireDueTimers(at: time, policy: policy, into: &rows)
        try next.handle(event, at: time, policy: policy, into: &rows)
        next.refreshTimers(policy: policy)
        self = next
        return rows
    }

    private mutating func handle(
        _ event: DeliveryEvent, at time: Double, policy: DeliveryPolicy, into rows: inout [TimelineEntry]
    ) throws(DeliveryRefusal) {
        switch event {
        case let .sendStarted(attempt, ids): try start(attempt: attempt, apiSendIDs: ids, at: time, into: &rows)
        case let .accepted(ids): try accept(providerIDs: ids, at: time, into: &rows)
        case let .sent(ids): try markSent(providerIDs: ids, at: time, into: &rows)
        case let .rejected(reason, index): try reject(reason: reason, itemIndex: index, at: time, into: &rows)
        case let .retryable(reason, jitter):
            try retryLater(reason: reason, jitter: jitter, at: time, policy: policy, into: &rows)
        case let .echo(reference, eventID): try receiveEcho(reference, eventID: eventID, at: time, into: &rows)
        case let .sendFailure(reference, errmsg, eventID):
            try receiveFailure(reference, errmsg: errmsg, eventID: eventID, at: time, into: &rows)
        case .tick: break
        case .cancel: try cancel(at: time, into: &rows)
        case .retry: try retryByHand(at: time, into: &rows)
        case .recoverAfterRestart: try recover(because: "recovered after restart", at: time, into: &rows)
        case .recoverAfterLeaseExpired: try recover(because: "recovered after lease expired", at: time, into: &rows)
        }
    }

    // MARK: - Shared by the transition files

    /// Appends a row and enters `next` (`next == state` records an event that changed nothing).
    mutating func move(to next: DeliveryState, at time: Double, cause: String, into rows: inout [TimelineEntry]) {
        rows.append(TimelineEntry(time: time, from: state, to: next, cause: cause))
        state = next
        updatedAt = max(updatedAt, time)
    }

    mutating func note(_ cause: String, at time: Double, into rows: inout [TimelineEntry]) {
        move(to: state, at: time, cause: cause, into: &rows)
    }

    mutating func fail(_ error: String, at time: Double, cause: String, into rows: inout [TimelineEntry]) {
        self.error = error
        move(to: .failed, at: time, cause: cause, into: &rows)
    }

    /// Mutable access to the latest attempt (callers have checked that there is one).
    var current: DeliveryAttempt {
        get { attempts[attempts.count - 1] }
        set { attempts[attempts.count - 1] = newValue }
    }

    /// The attempt and item a callback names; the latest attempt is searched first.
    func locate(_ reference: CallbackReference) -> (attempt: Int, item: Int)? {
        for attemptIndex in attempts.indices.reversed() {
            if let itemIndex = attempts[attemptIndex].items.firstIndex(where: reference.matches) {
                return (attemptIndex, itemIndex)
            }
        }
        return nil
    }
}
