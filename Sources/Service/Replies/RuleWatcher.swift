/// Reloads the rules when a file in the folder changes (docs/rules.md, "Loading, problems and
/// reloads"), and forgets reply history that no limit can use any more.
struct RuleWatcher: Sendable {
    let autoReply: AutoReply
    let clock: @Sendable () -> Double
    var interval: Double = 1

    func run() async {
        while !Task.isCancelled {
            autoReply.reloadIfChanged()
            autoReply.pruneLimits(now: clock())
            try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
        }
    }
}
