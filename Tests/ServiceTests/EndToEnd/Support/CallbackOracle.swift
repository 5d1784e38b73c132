import ServiceHarness

/// What a yunzhenji message must have ended as, judged only from the callbacks the simulator
/// delivered for its latest attempt (`GET /sim/callbacks`): a `chatMsgSendFail` for any item makes
/// it `failed` (even after `delivered`), else echoes of every item make it `delivered`, else it
/// `expired`.
struct CallbackOracle {
    struct Seen {
        var echoed = false
        var failed = false
        /// A post the service never acknowledged: its effect is unknown.
        var lost = false
    }

    private var byID: [String: Seen] = [:]

    init(_ callbacks: [SimCallback]) {
        for callback in callbacks {
            guard let id = callback.apiSendID else { continue }
            var seen = byID[id] ?? Seen()
            if !callback.delivered {
                seen.lost = true
            } else if callback.event == "chatMsgSendFail" {
                seen.failed = true
            } else if callback.event == "chatMsg" {
                seen.echoed = true
            }
            byID[id] = seen
        }
    }

    /// nil when the simulator lost a callback for that attempt: its effect is unknown.
    func expectedState(of view: MessageView) -> String? {
        guard let latest = view.attemptHistory?.last, !latest.apiSendIds.isEmpty else { return nil }
        let seen = latest.apiSendIds.map { byID[$0] ?? Seen() }
        if seen.contains(where: \.lost) { return nil }
        if latest.outcome == "rejected" || seen.contains(where: \.failed) { return "failed" }
        return seen.allSatisfy(\.echoed) ? "delivered" : "expired"
    }
}
