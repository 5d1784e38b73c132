import Delivery

/// One message under test: its record and its whole timeline so far. Every `apply` checks that
/// the new rows chain on to the timeline, so no test can forget to.
struct Scenario {
    var record: DeliveryRecord
    var timeline: [TimelineEntry]
    var policy: DeliveryPolicy
    /// The time of the latest event applied.
    var now: Double
    private var eventCounter = 0

    init(items: Int = 1, receipts: Bool = true, at time: Double = 0, sendAt: Double? = nil,
         policy: DeliveryPolicy = DeliveryPolicy()) {
        // Item counts in tests are always in range; a refusal here is a broken test.
        guard let (record, entry) = try? DeliveryRecord.enqueue(
            itemCount: items, hasReceipts: receipts, at: time, sendAt: sendAt, cause: "api")
        else { fatalError("enqueue refused \(items) items") }
        self.record = record
        self.timeline = [entry]
        self.policy = policy
        self.now = time
    }

    var state: DeliveryState { record.state }

    /// Applies `event` at `time`, appends its rows, and returns them.
    @discardableResult
    mutating func apply(_ event: DeliveryEvent, at time: Double) throws(DeliveryRefusal) -> [TimelineEntry] {
        let before = record.state
        let rows = try record.apply(event, at: time, policy: policy)
        precondition(Self.chains(rows, after: before), "rows do not chain: \(rows)")
        timeline += rows
        now = time
        return rows
    }

    /// The `api_send_id` this scenario uses for an attempt's item (0-based item index).
    static func apiSendID(attempt: Int, item: Int) -> String { "s\(attempt)-\(item)" }
    /// The `api_send_svrid` the simulated provider answers with.
    static func svrid(attempt: Int, item: Int) -> String { "svr\(attempt)-\(item)" }

    func reference(attempt: Int, item: Int = 0) -> CallbackReference {
        CallbackReference(apiSendID: Self.apiSendID(attempt: attempt, item: item))
    }

    var currentAttempt: Int { record.latestAttempt?.number ?? 0 }

    /// Starts the next attempt at `time` (or when it is due) with this scenario's ids.
    @discardableResult
    mutating func send(at time: Double? = nil) throws(DeliveryRefusal) -> [TimelineEntry] {
        let number = record.nextAttemptNumber
        let ids = (0..<record.itemCount).map { Self.apiSendID(attempt: number, item: $0) }
        return try apply(.sendStarted(attempt: number, apiSendIDs: ids), at: time ?? max(now, record.nextActionAt ?? now))
    }

    /// The provider's answer taking every item, in the form this provider gives.
    mutating func answerTaken(at time: Double) throws(DeliveryRefusal) {
        let ids: [String?] = (0..<record.itemCount).map { Self.svrid(attempt: currentAttempt, item: $0) }
        try apply(record.hasReceipts ? .accepted(providerIDs: ids) : .sent(providerIDs: ids), at: time)
    }

    mutating func nextEventID() -> String {
        eventCounter += 1
        return "e_\(eventCounter)"
    }

    @discardableResult
    mutating func echo(item: Int = 0, attempt: Int? = nil, at time: Double) throws(DeliveryRefusal) -> [TimelineEntry] {
        let reference = reference(attempt: attempt ?? currentAttempt, item: item)
        return try apply(.echo(reference, eventID: nextEventID()), at: time)
    }

    @discardableResult
    mutating func fail(item: Int = 0, attempt: Int? = nil, errmsg: String = "对方已不是好友", at time: Double)
        throws(DeliveryRefusal) -> [TimelineEntry]
    {
        let reference = reference(attempt: attempt ?? currentAttempt, item: item)
        return try apply(.sendFailure(reference, errmsg: errmsg, eventID: nextEventID()), at: time)
    }

    /// Whether `rows` chain on to a message in state `before`.
    static func chains(_ rows: [TimelineEntry], after before: DeliveryState) -> Bool {
        var previous = before
        for row in rows {
            guard row.from == previous else { return false }
            previous = row.to
        }
        return true
    }

    /// The state the timeline says the message is in.
    var stateFromTimeline: DeliveryState? { timeline.last?.to }
}
