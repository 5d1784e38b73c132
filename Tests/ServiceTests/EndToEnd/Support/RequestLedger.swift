import Foundation
import ServiceHarness
import Synchronization

/// What the clients of a crash run posted and what the service answered, by identity: the id an
/// acknowledgement (200 / 202) named, or nothing yet. Answers that contradict each other are
/// recorded as problems on the spot: one identity acknowledged under two ids, or a webhook
/// answered `"duplicate":false` twice (stored twice).
final class RequestLedger: Sendable {
    struct Entry: Sendable {
        let request: CrashRequest
        let trial: Int
        /// The id of the first acknowledgement.
        var id: String?
        /// Webhook answers with `"duplicate":false`.
        var freshAnswers = 0
        /// Posts that got no answer (the connection died) or a 503.
        var cutOff = 0
        /// The first acknowledgement came after a post was cut off and said `"duplicate":true`:
        /// the cut-off post was committed before the kill, its answer never left.
        var committedUnanswered = false
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var problems: [String] = []
    }

    private let state = Mutex(State())

    func posting(_ request: CrashRequest, trial: Int) {
        state.withLock { state in
            if state.entries[request.identity] == nil {
                state.entries[request.identity] = Entry(request: request, trial: trial)
            }
        }
    }

    func cutOff(_ request: CrashRequest) {
        state.withLock { $0.entries[request.identity]?.cutOff += 1 }
    }

    /// Records an answer; anything but an acknowledgement or a 503 is a problem.
    func answered(_ request: CrashRequest, _ answer: WebClient.Answer) {
        if answer.status == 503 { return cutOff(request) }
        let json = answer.json
        let (acknowledged, id, duplicate): (Bool, String?, Bool) =
            switch request.kind {
            case .webhook:
                (answer.status == 200, json["event_id"]?.stringValue, json["duplicate"]?.boolValue ?? false)
            case .send:
                (answer.status == 202, json["messages"]?[0]?["id"]?.stringValue, false)
            }
        state.withLock { state in
            guard acknowledged, let id, var entry = state.entries[request.identity] else {
                state.problems.append("\(request.identity): \(request.path) answered \(answer.status): \(answer.text.prefix(200))")
                return
            }
            if let first = entry.id, first != id {
                state.problems.append("\(request.identity): acknowledged as \(first), later as \(id)")
            }
            if entry.id == nil, entry.cutOff > 0, duplicate { entry.committedUnanswered = true }
            entry.id = entry.id ?? id
            if case .webhook = request.kind, !duplicate {
                entry.freshAnswers += 1
                if entry.freshAnswers == 2 {
                    state.problems.append("\(request.identity): answered \"duplicate\":false twice (stored twice), \(id)")
                }
            }
            state.entries[request.identity] = entry
        }
    }

    var entries: [String: Entry] { state.withLock { $0.entries } }
    var problems: [String] { state.withLock { $0.problems } }

    /// Requests posted but never acknowledged: what a provider (or an operator) posts again.
    var unacknowledged: [CrashRequest] {
        state.withLock { $0.entries.values.filter { $0.id == nil }.map(\.request).sorted { $0.identity < $1.identity } }
    }
}
