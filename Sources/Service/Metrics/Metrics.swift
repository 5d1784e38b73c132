import Core
import Delivery
import Storage
import Synchronization

/// The service's Prometheus counters and its send- and forward-latency histograms, kept in memory and shared by
/// every request. Each series lives behind its own `Mutex`, held only for an increment (never
/// across an `await`), so recording costs a few nanoseconds and never contends for long. The
/// gauges of `/metrics` (messages by state, queue depth) are read from the store at scrape time
/// and handed to `exposition(store:)`.
///
/// Label values stay bounded: endpoints are route patterns (`/hooks/botadmin/{account}`, never the
/// raw path), statuses are codes, providers and kinds are enums, rules are the loaded rule names,
/// subscriptions the configured ones.
public final class Metrics: Sendable {
    /// Upper bounds (seconds) of `wxhook_send_duration_seconds`.
    public static let sendBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    /// The endpoint label of a request that matched no route.
    public static let otherEndpoint = "other"

    private let requests = Mutex<[RequestKey: Int]>([:])
    private let events = Mutex<[Int]>(Array(repeating: 0, count: Provider.allCases.count * EventKind.allCases.count))
    private let rules = Mutex<[String: Int]>([:])
    private let sendDuration = Mutex(Histogram(bounds: sendBuckets))
    private let forwards = Mutex<[ForwardOutcomeKey: Int]>([:])
    private let forwardDuration = Mutex(Histogram(bounds: sendBuckets))
    private let pruned = Mutex<[RetainedRows: Int]>([:])

    public init() {}

    /// Counts one answered request under the pattern of the route that serves its path
    /// (`Router.pattern(forPath:)`); nil, for a path no route serves, counts as `other`.
    public func recordRequest(pattern: String?, status: Int) {
        record(RequestKey(endpoint: pattern, status: status))
    }

    /// Counts one stored inbound event (not a redelivery).
    public func recordEvent(provider: Provider, kind: EventKind) {
        let index = Self.eventIndex(provider: provider, kind: kind)
        events.withLock { $0[index] += 1 }
    }

    /// Counts one rule answer; `rule` is the rule's name (`default` / `subscribe` for those replies).
    public func recordRuleMatch(rule: String) {
        rules.withLock { $0[rule, default: 0] += 1 }
    }

    /// Records how long one send request to a provider took, in seconds.
    public func observeSend(seconds: Double) {
        guard !seconds.isNaN else { return }
        sendDuration.withLock { $0.observe(max(0, seconds)) }
    }

    /// Records one forward attempt that ended (the forwarder calls it with the state the store
    /// moved the forward to): `delivered`, `failed`, or `retried` when it waits for another
    /// attempt; and how long the request to the application took, in seconds.
    public func recordForwardAttempt(subscription: String, endedIn state: ForwardState, seconds: Double) {
        let outcome: ForwardOutcome? =
            switch state {
            case .delivered: .delivered
            case .failed: .failed
            case .pending: .retried
            case .delivering: nil
            }
        if let outcome {
            forwards.withLock { $0[ForwardOutcomeKey(subscription: subscription, outcome: outcome), default: 0] += 1 }
        }
        guard !seconds.isNaN else { return }
        forwardDuration.withLock { $0.observe(max(0, seconds)) }
    }

    /// Counts rows retention deleted.
    public func recordPruned(_ rows: RetainedRows, count: Int) {
        guard count > 0 else { return }
        pruned.withLock { $0[rows, default: 0] += count }
    }

    private func record(_ key: RequestKey) {
        requests.withLock { $0[key, default: 0] += 1 }
    }

    static func eventIndex(provider: Provider, kind: EventKind) -> Int {
        let p = Provider.allCases.firstIndex(of: provider) ?? 0
        let k = EventKind.allCases.firstIndex(of: kind) ?? 0
        return p * EventKind.allCases.count + k
    }

    // Snapshots for the exposition: copied out under the lock, formatted outside it.

    var requestCounts: [(endpoint: String, status: Int, count: Int)] {
        let counts = requests.withLock { $0 }
        return counts.map { key, count in
            (key.endpoint ?? Self.otherEndpoint, key.status, count)
        }.sorted { ($0.endpoint, $0.status) < ($1.endpoint, $1.status) }
    }

    var eventCounts: [(provider: Provider, kind: EventKind, count: Int)] {
        let counts = events.withLock { $0 }
        return Provider.allCases.flatMap { provider in
            EventKind.allCases.map { kind in
                (provider, kind, counts[Self.eventIndex(provider: provider, kind: kind)])
            }
        }
    }

    var ruleCounts: [(rule: String, count: Int)] {
        rules.withLock { $0 }.map { ($0.key, $0.value) }.sorted { $0.rule < $1.rule }
    }

    var sendHistogram: Histogram { sendDuration.withLock { $0 } }

    var forwardCounts: [(subscription: String, outcome: ForwardOutcome, count: Int)] {
        forwards.withLock { $0 }.map { ($0.key.subscription, $0.key.outcome, $0.value) }
            .sorted { ($0.subscription, $0.outcome.rawValue) < ($1.subscription, $1.outcome.rawValue) }
    }

    var forwardHistogram: Histogram { forwardDuration.withLock { $0 } }

    /// Every table, 0 when nothing was pruned from it.
    var prunedCounts: [(rows: RetainedRows, count: Int)] {
        let counts = pruned.withLock { $0 }
        return RetainedRows.allCases.map { ($0, counts[$0] ?? 0) }
    }
}

/// How a forward attempt ended, as `wxhook_forwards_total` counts it.
enum ForwardOutcome: String, Sendable, CaseIterable {
    case delivered, failed, retried
}

/// One `wxhook_forwards_total` series.
struct ForwardOutcomeKey: Hashable, Sendable {
    let subscription: String
    let outcome: ForwardOutcome
}

/// One `wxhook_http_requests_total` series: the route pattern (nil for `other`) and the status.
struct RequestKey: Hashable, Sendable {
    let endpoint: String?
    let status: Int
}
