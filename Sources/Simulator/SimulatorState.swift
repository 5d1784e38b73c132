import Core
import JSON

/// Everything the simulator remembers; lives behind the core's mutex.
struct SimulatorState: Sendable {
    var random: SplitMix64
    var log: [LogEntry] = []
    /// Every callback post that has had its fate, oldest first (`GET /sim/callbacks`).
    var callbacks: [CallbackRecord] = []
    var nextSequence = 1
    /// Source of unique ids (`api_send_svrid`, `msg_id`, gowechat `message_id`).
    var nextID = 1
    var stats = SimulatorStats()
    var faults: SimulatorFaults
    /// botadmin conversations seen, per account key, in first-seen order.
    var users: [String: [String]] = [:]
    var groups: [String: [String]] = [:]
    /// The user's application played at `/sim/app`.
    var application = ApplicationState()

    mutating func makeID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    /// Remembers a botadmin conversation so `GET /api/users` / `GET /api/groups` list it.
    mutating func remember(conversation: String, group: Bool, account key: String) {
        if group {
            if !(groups[key] ?? []).contains(conversation) { groups[key, default: []].append(conversation) }
        } else if !(users[key] ?? []).contains(conversation) {
            users[key, default: []].append(conversation)
        }
    }
}

/// Counters `GET /sim/stats` reports.
struct SimulatorStats: Sendable {
    var requests = 0
    var sentItems = 0
    var echoes = 0
    var sendFailures = 0
    var duplicates = 0
    var http500Injected = 0
    var errcodeInjected = 0
    var droppedCallbacks = 0
    /// Callback posts handed to the poster (each duplicate counts): with `callbacksDelivered` and
    /// `callbacksFailed` it tells a test when every callback has had its say.
    var callbacksScheduled = 0
    var callbacksDelivered = 0
    var callbacksFailed = 0

    var failuresInjected: Int { http500Injected + errcodeInjected + sendFailures + droppedCallbacks }

    var json: JSONValue {
        .object(JSONObject([
            ("requests", JSONValue(requests)),
            ("sent_items", JSONValue(sentItems)),
            ("echoes", JSONValue(echoes)),
            ("send_failures", JSONValue(sendFailures)),
            ("duplicates", JSONValue(duplicates)),
            ("http_500_injected", JSONValue(http500Injected)),
            ("errcode_injected", JSONValue(errcodeInjected)),
            ("dropped_callbacks", JSONValue(droppedCallbacks)),
            ("failures_injected", JSONValue(failuresInjected)),
            ("callbacks_scheduled", JSONValue(callbacksScheduled)),
            ("callbacks_delivered", JSONValue(callbacksDelivered)),
            ("callbacks_failed", JSONValue(callbacksFailed)),
            ("callbacks_pending", JSONValue(callbacksScheduled - callbacksDelivered - callbacksFailed)),
        ]))
    }
}

/// Misbehaviour on demand (`POST /sim/faults`), so tests can drive every delivery path.
struct SimulatorFaults: Sendable {
    /// The next N send requests (any provider) answer HTTP 500.
    var http500Next = 0
    /// The next N valid send requests are rejected in the provider's own format.
    var errcodeNext = 0
    /// The next N accepted yunzhenji messages get no callbacks at all.
    var dropCallbacksNext = 0
    /// Every send request (any provider) is answered this much later; its callbacks are scheduled
    /// when the request arrives, so an echo can overtake the answer, and a test can stop the
    /// service while its request is in flight.
    var answerDelayMs = 0
    /// Callbacks carry only `api_send_svrid`: the service must learn that id from the send's
    /// answer, and an echo that overtakes the answer waits as an orphan until then.
    var omitApiSendID = false
    var failRate: Double
    var duplicateRate: Double
    var callbackDelayMs: ClosedRange<Int>

    var json: JSONValue {
        .object(JSONObject([
            ("http_500_next", JSONValue(http500Next)),
            ("errcode_next", JSONValue(errcodeNext)),
            ("drop_callbacks_next", JSONValue(dropCallbacksNext)),
            ("answer_delay_ms", JSONValue(answerDelayMs)),
            ("omit_api_send_id", JSONValue(omitApiSendID)),
            ("fail_rate", JSONValue(failRate)),
            ("duplicate_rate", JSONValue(duplicateRate)),
            ("callback_delay_ms", [JSONValue(callbackDelayMs.lowerBound), JSONValue(callbackDelayMs.upperBound)]),
        ]))
    }
}
