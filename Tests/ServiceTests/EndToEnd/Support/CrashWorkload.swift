import Core
import Foundation
import ServiceHarness

/// One request a provider or an operator makes during a crash run. Redeliveries of a webhook (or
/// repeats of a send under its `Idempotency-Key`) carry the same `identity` and the same bytes.
struct CrashRequest: Sendable {
    enum Kind: Sendable, Equatable {
        /// A bot-admin webhook; `matches` when its text holds the rule's keyword.
        case webhook(matches: Bool)
        /// `POST /api/send` of one yunzhenji text.
        case send
    }

    let identity: String
    let kind: Kind
    let path: String
    let body: Data
    let headers: [String: String]
}

/// What the clients of a crash run post, derived from the run's seed, the trial, the client and
/// its step alone, so a seed names the same plan again (the interleaving is the scheduler's).
///
/// Most steps are fresh bot-admin webhooks, `matchRate` of them holding the keyword of the one
/// rule; some repeat one of the client's last five requests (a provider's redelivery, or an
/// operator repeating a send); some are posted by both clients of a pair at the same step (a
/// redelivery racing its original); some are `POST /api/send` with an `Idempotency-Key`.
struct CrashWorkload: Sendable {
    let seed: UInt64

    static let keyword = "价格"
    static let matchRate = 0.4
    static let sharedRate = 0.08
    static let redeliveryRate = 0.1
    static let sendRate = 0.08

    /// The rule folder's one file: the keyword answers with a reply that quotes the inbound text,
    /// so every reply's text is unique and can be found in the simulator's log. No `default`:
    /// a message without the keyword gets no reply.
    static let rules = """
        {"rules": [{"name": "price", "keywords": ["\(keyword)"], "scope": {"providers": ["botadmin"]},
                    "reply": {"mode": "all", "messages": [{"type": "text", "text": "回复 {{text}}"}]}}]}
        """

    static func replyText(to inbound: String) -> String { "回复 " + inbound }

    /// The identity a stored text carries: its last word.
    static func identity(inText text: String) -> String {
        String(text.split(separator: " ").last ?? "")
    }

    func request(trial: Int, client: Int, step: Int) -> CrashRequest {
        var pair = generator(trial, 1_000 + client / 2, step)
        if pair.chance(Self.sharedRate) {
            let identity = "t\(trial)-p\(client / 2)-s\(step)"
            return webhook(identity, conversation: identity, matches: pair.chance(Self.matchRate))
        }
        var own = generator(trial, client, step)
        let draw = own.nextUnit()
        if draw < Self.redeliveryRate, step > 0 {
            return request(trial: trial, client: client, step: step - own.pick(1...min(5, step)))
        }
        let identity = "t\(trial)-c\(client)-s\(step)"
        if draw < Self.redeliveryRate + Self.sendRate {
            return send(identity, conversation: "w-t\(trial)-c\(client)")
        }
        // Four steps share a conversation: far below the cap of 10 replies a minute.
        return webhook(identity, conversation: "t\(trial)-c\(client)-g\(step / 4)", matches: own.chance(Self.matchRate))
    }

    private func generator(_ trial: Int, _ lane: Int, _ step: Int) -> SplitMix64 {
        var mixer = SplitMix64(seed: seed ^ UInt64(trial) << 40 ^ UInt64(lane) << 24 ^ UInt64(step))
        return SplitMix64(seed: mixer.next())
    }

    /// A bot-admin webhook whose text ends in `identity` (and holds the keyword when `matches`).
    func webhook(_ identity: String, conversation: String, matches: Bool) -> CrashRequest {
        let text = matches ? "请问\(Self.keyword)多少 \(identity)" : "你好 \(identity)"
        let body = #"{"secret":"\#(TestAccount.shopSecret)","msgtype":"text","conversation_id":"\#(conversation)","#
            + #""sender":"u-\#(identity)","text":{"content":"\#(text)"}}"#
        return CrashRequest(identity: identity, kind: .webhook(matches: matches), path: "/hooks/botadmin/shop",
                            body: Data(body.utf8), headers: ["Content-Type": "application/json"])
    }

    private func send(_ identity: String, conversation: String) -> CrashRequest {
        let body = #"{"targets":[{"provider":"yunzhenji","account":"sales","conversation":"\#(conversation)"}],"#
            + #""messages":[{"type":"text","text":"通知 \#(identity)"}]}"#
        return CrashRequest(identity: identity, kind: .send, path: "/api/send", body: Data(body.utf8),
                            headers: ["Content-Type": "application/json", "Idempotency-Key": identity])
    }
}
