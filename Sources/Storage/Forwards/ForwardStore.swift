import Delivery

/// Forwards of events and message states to the user's applications (docs/forwarding.md).
/// Forwards are created by the store itself, with the event or state change they tell of (see
/// `ForwardPlanner`); this is the forwarder's side: what is due, an attempt starts, its result
/// is recorded. Each write commits (with its batch) before it returns.
public protocol ForwardStore: Sendable {
    /// Up to `limit` forwards that may be sent at `now`: per line (subscription, provider,
    /// account, conversation) only the oldest forward still pending or delivering, and only when
    /// it is pending and due. Oldest due first. Nothing is marked: `startForwardAttempts` claims.
    func dueForwards(now: Double, limit: Int) async throws -> [Forward]
    /// Starts the next attempt of each forward in one commit, before any request leaves; one
    /// that is no longer pending and due fails alone (`ForwardError.notStartable`).
    func startForwardAttempts(_ ids: [String], now: Double) async throws -> [Result<Forward, any Error>]
    /// Records how attempt `attempt` ended and moves the forward on as `ForwardDecision` says
    /// under `policy`. `answer` is kept as the attempt's answer text (cut by the caller).
    func recordForwardAttempt(
        id: String, attempt: Int, result: ForwardAttemptResult, answer: String?, durationMs: Double,
        policy: ForwardPolicy, jitter: Double, now: Double
    ) async throws -> Forward
    /// At start-up: every `delivering` forward may or may not have reached its application; it
    /// is pending again, due now, with the same id. Returns how many.
    func recoverForwardsAfterRestart(now: Double) async throws -> Int
    /// Fails every pending or delivering forward whose subscription is not in `subscriptions`
    /// (it left the configuration), with `reason`. Returns how many.
    func failForwards(notIn subscriptions: Set<String>, reason: String, now: Double) async throws -> Int
    /// One forward and its attempts, or nil.
    func forward(id: String) async throws -> ForwardDetail?
    /// The forwards matching `query`, newest first, and how many match in all.
    func forwards(matching query: ForwardQuery, limit: Int, offset: Int) async throws -> ForwardPage
}

extension ForwardStore {
    public func forwards(matching query: ForwardQuery = ForwardQuery(), limit: Int = 50, offset: Int = 0)
        async throws -> ForwardPage {
        try await forwards(matching: query, limit: limit, offset: offset)
    }
}
