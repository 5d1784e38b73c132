import Core
import HTTP
import JSON
import Platform
import Providers
import Synchronization

/// Every provider on one port, as a pure request → reply function: it checks credentials and
/// bodies as the real providers would, answers in their formats, remembers what it received, and
/// says which callbacks to post. `SimulatorServer` puts it on a socket and makes the posts.
///
/// A provider's credentials are checked when the configuration has at least one account of it;
/// otherwise any non-empty credentials are accepted.
public final class SimulatorCore: Sendable {
    let configuration: SimulatorConfiguration
    private let clock: @Sendable () -> Double
    /// The seed in use (the configured one, or a fresh one): `POST /sim/reset` restarts from it.
    public let seed: UInt64
    private let state: Mutex<SimulatorState>

    public init(configuration: SimulatorConfiguration, clock: @escaping @Sendable () -> Double = WallClock.now) {
        self.configuration = configuration
        self.clock = clock
        let seed = configuration.seed ?? UInt64.random(in: .min ... .max)
        self.seed = seed
        state = Mutex(SimulatorCore.freshState(configuration, seed: seed))
    }

    static func freshState(_ configuration: SimulatorConfiguration, seed: UInt64) -> SimulatorState {
        SimulatorState(random: SplitMix64(seed: seed),
                       faults: SimulatorFaults(failRate: configuration.failRate, duplicateRate: configuration.duplicateRate,
                                               callbackDelayMs: configuration.callbackDelayMs))
    }

    public func handle(_ request: HTTPRequest) -> SimulatorReply {
        let now = clock()
        return state.withLock { state in route(request, now: now, state: &state) }
    }

    /// Records a callback post's fate for `GET /sim/stats` and `GET /sim/callbacks`.
    public func recordCallback(_ post: CallbackPost, delivered: Bool) {
        let now = clock()
        state.withLock { state in
            if delivered { state.stats.callbacksDelivered += 1 } else { state.stats.callbacksFailed += 1 }
            state.callbacks.append(CallbackRecord(time: now, event: post.event, apiSendID: post.apiSendID, delivered: delivered))
            // Trimmed like the request log.
            if state.callbacks.count > configuration.logLimit + configuration.logLimit / 8 {
                state.callbacks.removeFirst(state.callbacks.count - configuration.logLimit)
            }
        }
    }

    private func route(_ request: HTTPRequest, now: Double, state: inout SimulatorState) -> SimulatorReply {
        guard let endpoint = Endpoint(path: request.path) else {
            let response = HTTPResponse.jsonError(.notFound, "no such endpoint: \(request.path)")
            record(request, provider: nil, account: nil, response: response, now: now, state: &state)
            return SimulatorReply(response: response)
        }
        guard request.method == endpoint.method else {
            var response = HTTPResponse.jsonError(.methodNotAllowed, "\(request.path) takes \(endpoint.method.rawValue)")
            response.headers.add(name: "Allow", value: endpoint.method.rawValue)
            if let provider = endpoint.provider {
                record(request, provider: provider, account: nil, response: response, now: now, state: &state)
            }
            return SimulatorReply(response: response)
        }
        guard let provider = endpoint.provider else { return control(endpoint, request, now: now, state: &state) }

        state.stats.requests += 1
        var answer: EndpointAnswer
        if endpoint.isSend, state.faults.http500Next > 0 {
            state.faults.http500Next -= 1
            state.stats.http500Injected += 1
            answer = EndpointAnswer(response: .bytes(.internalServerError, contentType: "text/plain; charset=utf-8",
                                                     Array("simulated server error".utf8)))
        } else {
            answer = switch endpoint {
            case .botadminSend: botadminSend(request, state: &state)
            case .botadminUsers: botadminList(request, groups: false, state: &state)
            case .botadminGroups: botadminList(request, groups: true, state: &state)
            case .yunzhenjiSend: yunzhenjiSend(request, now: now, state: &state)
            case .gowechatSend: gowechatSend(request, now: now, state: &state)
            case .wecomSend: wecomSend(request, state: &state)
            default: EndpointAnswer(response: .jsonError(.notFound, "no such endpoint"))
            }
        }
        record(request, provider: provider, account: answer.account, response: answer.response, now: now, state: &state)
        return SimulatorReply(response: answer.response, callbacks: answer.callbacks,
                              answerDelayMs: endpoint.isSend ? state.faults.answerDelayMs : 0)
    }

    private func record(_ request: HTTPRequest, provider: Provider?, account: String?, response: HTTPResponse,
                        now: Double, state: inout SimulatorState) {
        var query = JSONObject()
        for pair in (request.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(String(parts[0]), plusAsSpace: true)
            let value = parts.count > 1 ? PercentDecoding.decode(String(parts[1]), plusAsSpace: true) : ""
            query[name] = .string(LogEntry.masked.contains(name) ? "***" : value)
        }
        state.log.append(LogEntry(sequence: state.nextSequence, time: now, method: request.method.rawValue,
                                  provider: provider?.rawValue, path: request.path, account: account, query: query,
                                  body: LogEntry.content(request.body), answerStatus: response.status.code,
                                  answer: LogEntry.content(response.body)))
        state.nextSequence += 1
        // Trim in batches so appending stays amortised O(1).
        if state.log.count > configuration.logLimit + configuration.logLimit / 8 {
            state.log.removeFirst(state.log.count - configuration.logLimit)
        }
    }

    private func control(_ endpoint: Endpoint, _ request: HTTPRequest, now: Double,
                         state: inout SimulatorState) -> SimulatorReply {
        switch endpoint {
        case .inbound: return inbound(request, now: now, state: &state)
        case .log:
            let items = state.log.map(\.json)
            return SimulatorReply(response: Self.json(.ok, ["items": .array(items), "count": JSONValue(items.count)]))
        case .callbacks:
            let items = state.callbacks.map(\.json)
            return SimulatorReply(response: Self.json(.ok, ["items": .array(items), "count": JSONValue(items.count)]))
        case .stats:
            return SimulatorReply(response: Self.json(.ok, state.stats.json))
        case .reset:
            state = Self.freshState(configuration, seed: seed)
            return SimulatorReply(response: Self.json(.ok, ["ok": true]))
        case .faults:
            return faults(request, state: &state)
        case .application:
            return application(request, now: now, state: &state)
        case .applicationReceived:
            return applicationReceived(state: state)
        case .applicationBehaviour:
            return applicationBehaviour(request, state: &state)
        default:
            return SimulatorReply(response: .jsonError(.notFound, "no such endpoint"))
        }
    }

    // MARK: Shared by the provider endpoints

    static func json(_ status: HTTPStatus, _ value: JSONValue) -> HTTPResponse {
        .json(status, JSON.serialize(value))
    }

    /// Whether credentials of `provider` are checked: only when accounts of it are configured.
    func checks(_ provider: Provider) -> Bool {
        configuration.accounts.contains { $0.provider == provider }
    }

    /// The configured account of `provider` whose credential matches, compared in constant time.
    func account(_ provider: Provider, _ credential: (Account) -> Secret?, equals given: String) -> Account? {
        configuration.accounts.first { $0.provider == provider && credential($0)?.matches(given) == true }
    }
}

/// What one provider endpoint answered, and what it wants posted afterwards.
struct EndpointAnswer {
    var response: HTTPResponse
    var account: String?
    var callbacks: [[CallbackPost]] = []
}
