import CLI
import Configuration
import Core
import Foundation
import JSON
import Platform
import Rules
import Service

/// `wxhook rules check` and `wxhook rules test`: the same loader and engine as `serve`, without
/// a database or a network.
enum RulesCommands {
    /// Prints each problem as `FILE:LINE: message`; 0 when the set is valid, 1 when not.
    static func check(_ configuration: Configuration) -> Int32 {
        let folder = RuleFolder(path: configuration.rulesPath)
        guard folder.exists else {
            print("\(configuration.rulesPath): no rules folder; wxhook runs without rules")
            return ExitStatus.success.rawValue
        }
        switch folder.load(subscriptions: Set(configuration.subscriptions.map(\.name))) {
        case .success(let ruleSet):
            print("\(configuration.rulesPath): \(ruleSet.rules.count) rules in \(ruleSet.files.count) files, all valid"
                  + (ruleSet.defaultReply != nil ? "; default reply set" : "")
                  + (ruleSet.subscribeReply != nil ? "; follow reply set" : ""))
            return ExitStatus.success.rawValue
        case .failure(let errors):
            for line in errors.lines { print(line) }
            return ExitStatus.failure.rawValue
        }
    }

    /// Shows what would answer; 0 when something would, 3 when nothing would, 1 for a bad set.
    static func test(_ options: RulesTestOptions, _ configuration: Configuration) -> Int32 {
        let folder = RuleFolder(path: configuration.rulesPath)
        let ruleSet: RuleSet
        switch folder.exists ? folder.load(subscriptions: Set(configuration.subscriptions.map(\.name))) : .success(.empty) {
        case .success(let loaded): ruleSet = loaded
        case .failure(let errors):
            FileHandle.standardError.write(Data(errors.lines.map { "wxhook: \($0)\n" }.joined().utf8))
            return ExitStatus.failure.rawValue
        }
        let input = MatchInput(text: options.text, provider: options.provider, account: options.account, chat: options.chat,
                               mentioned: options.mentioned, sender: options.sender, conversation: "test",
                               event: options.event == .subscribe ? .subscribe : .message)
        let evaluation = RuleEngine(ruleSet).evaluate(input, now: WallClock.now(),
                                                      timeZone: configuration.timezone)
        let routing = ForwardRouting(subscriptions: configuration.subscriptions)
        if options.json {
            print(JSON.string(RuleTestAnswer.json(evaluation, input: input, routing: routing), pretty: true))
        } else {
            print(describe(evaluation, forwardedTo: RuleTestAnswer.forwardedTo(evaluation, input: input, routing: routing)))
        }
        return evaluation.matched ? ExitStatus.success.rawValue : ExitStatus.nothingAnswers.rawValue
    }

    static func describe(_ evaluation: Evaluation, forwardedTo: [String] = []) -> String {
        var lines: [String] = []
        if evaluation.matched, let rule = evaluation.rule {
            var head = "matched: rule \"\(rule)\""
            if let keyword = evaluation.keyword, let match = evaluation.match {
                head += " by keyword \"\(keyword)\" (\(match.rawValue))"
            }
            lines.append(head)
            if let handoff = evaluation.handoff {
                lines.append("reply: written by subscription \"\(handoff.subscription)\" within "
                             + "\(Int(handoff.replyWithinSeconds.rounded(.up))) s")
            } else {
                lines.append("replies:")
                for item in evaluation.replies { lines.append("  " + JSON.string(item.json)) }
            }
        } else {
            lines.append("no reply" + (evaluation.reason.map { ": \($0)" } ?? ""))
        }
        lines.append("forwarded to: " + (forwardedTo.isEmpty ? "no subscription" : forwardedTo.joined(separator: ", ")))
        if !evaluation.candidates.isEmpty {
            lines.append("other candidates:")
            for candidate in evaluation.candidates {
                let keyword = candidate.keyword.map { " (\"\($0)\")" } ?? ""
                lines.append("  \(candidate.rule)\(keyword): \(candidate.lostBecause)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
