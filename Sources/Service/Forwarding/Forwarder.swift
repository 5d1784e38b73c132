import Core
import Delivery
import HTTPClient
import JSON
import Logging
import Storage
import Synchronization

/// Sends due forwards to the user's applications (docs/forwarding.md) on the same loop as the
/// outbox's dispatcher: one line's forwards (subscription and conversation) in order, a bounded
/// number in flight, each attempt committed before its request leaves and its result committed
/// as the state it causes. Every request is signed (Standard Webhooks) and carries the forward's
/// id, the same on every attempt.
final class Forwarder: Sendable {
    /// The first bytes of an answer an attempt keeps.
    static let keptAnswerBytes = 1024
    /// After a pass that found nothing it could send while its own requests were in flight (every
    /// due line waits behind one of them), new forwards wait this long for the next pass, unless
    /// a request ends first: under a flood into one conversation, every stored event would
    /// otherwise start a pass that can only find the same lines still held.
    static let heldPause = 0.02
    /// The least time between two passes that send: new forwards wake the forwarder one by one
    /// (one per stored event), and a pass for each would cost a read and a commit per event; a
    /// pass every few milliseconds takes what came meanwhile in one read and one commit, for a
    /// few milliseconds of latency.
    static let passGap = 0.004

    /// When the last pass ran, whether it found every due line held by a request in flight, and
    /// whether a wake for the end of its pause is on its way.
    private struct Pass {
        var at = -Double.infinity
        var held = false
        var wakeAtEnd = false

        /// Until when no pass runs after this one.
        var pauseEnd: Double { at + (held ? Forwarder.heldPause : Forwarder.passGap) }
    }

    let store: any ForwardStore
    let subscriptions: [String: Subscription]
    let transport: any SendTransport
    let userAgent: String
    let clock: @Sendable () -> Double
    let logger: Logger
    /// Told of every attempt that ended: its subscription, the state it left the forward in, and
    /// how long the request took in seconds (`Metrics.recordForwardAttempt`).
    let attemptEnded: @Sendable (_ subscription: String, _ state: ForwardState, _ seconds: Double) -> Void
    /// The reply limits' word on an application's reply, asked inside the store's writer.
    let admitReply: ReplyAdmission
    /// Called after a commit that queued an application's reply: the dispatcher sends it now.
    let replyQueued: @Sendable () -> Void
    private let loop: SendLoop
    private let recorder: ResultRecorder
    private let lastPass = Mutex(Pass())
    /// Requests started and not yet recorded.
    private let delivering = Atomic<Int>(0)

    init(store: any ForwardStore, subscriptions: [Subscription], transport: any SendTransport, userAgent: String,
         clock: @escaping @Sendable () -> Double, logger: Logger, maxInFlight: Int = 256,
         attemptEnded: @escaping @Sendable (_ subscription: String, _ state: ForwardState, _ seconds: Double) -> Void
            = { _, _, _ in },
         admitReply: @escaping ReplyAdmission = { _, _ in nil }, replyQueued: @escaping @Sendable () -> Void = {}) {
        self.admitReply = admitReply
        self.replyQueued = replyQueued
        self.store = store
        self.subscriptions = Dictionary(subscriptions.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.transport = transport
        self.userAgent = userAgent
        self.clock = clock
        self.logger = logger
        self.attemptEnded = attemptEnded
        loop = SendLoop(name: "forwarder", maxInFlight: maxInFlight, clock: clock, logger: logger)
        recorder = ResultRecorder(store: store, loop: loop, logger: logger)
    }

    /// Forwards were created (an event stored, a message final): look now — or, within the pause
    /// after a pass, once at its end. Under a stream of events (one wake each) the loop then turns
    /// once per pause, not once per event.
    func wake() {
        let now = clock()
        let wakeAt: Double? = lastPass.withLock { pass in
            let end = pass.pauseEnd
            guard now < end else { return now }
            if pass.wakeAtEnd { return nil }
            pass.wakeAtEnd = true
            return end
        }
        if let wakeAt { loop.wake(at: wakeAt) }
    }

    /// At start-up, before `run`: forwards in flight at the last stop go again (same id), and
    /// those of subscriptions no longer configured end `failed`.
    func recover(now: Double) async throws {
        let recovered = try await store.recoverForwardsAfterRestart(now: now)
        if recovered > 0 {
            logger.warn("forwards in flight at the last stop are sent again", [("count", String(recovered))])
        }
        let removed = try await store.failForwards(notIn: Set(subscriptions.keys), reason: "subscription removed",
                                                   now: now)
        if removed > 0 {
            logger.warn("forwards of subscriptions no longer configured failed", [("count", String(removed))])
        }
    }

    func run() async {
        await loop.run { [self] room, now in try await forwardDue(room: room, now: now) }
    }

    private func forwardDue(room: Int, now: Double) async throws -> (sends: [SendLoop.Send], nextLook: Double) {
        if let resume = lastPass.withLock({ pass -> Double? in now < pass.pauseEnd ? pass.pauseEnd : nil }) {
            return ([], resume)
        }
        guard !Task.isCancelled else { return ([], now + 1) }
        let started = try await store.claimDueForwards(now: now, limit: room)
        let held = started.isEmpty && delivering.load(ordering: .relaxed) > 0
        lastPass.withLock { $0 = Pass(at: now, held: held) }
        var sends: [SendLoop.Send] = []
        for forward in started {
            // A forward of an unknown subscription was failed by `recover`; none is created later.
            guard let subscription = subscriptions[forward.subscription] else {
                logger.warn("forward of an unknown subscription left in flight until the next start",
                            [("forward_id", forward.id), ("subscription", forward.subscription)])
                continue
            }
            delivering.add(1, ordering: .relaxed)
            sends.append { [self] in
                await deliver(forward, to: subscription)
                delivering.subtract(1, ordering: .relaxed)
                // Its line may go on now: the next pass must not wait out a pause.
                lastPass.withLock { $0.held = false }
            }
        }
        return (sends, now + (sends.isEmpty ? (held ? Self.heldPause : 1) : 1))
    }

    /// One signed request for one attempt, and its result committed.
    private func deliver(_ forward: Forward, to subscription: Subscription) async {
        let startedAt = clock()
        let timestamp = Int64(startedAt)
        let signature = WebhookSignature(secret: subscription.secret).sign(id: forward.id, timestamp: timestamp,
                                                                          body: forward.body)
        let request = ProviderRequest(method: "POST", url: subscription.url, headers: [
            ("webhook-id", forward.id), ("webhook-timestamp", String(timestamp)), ("webhook-signature", signature),
            ("Content-Type", "application/json"), ("User-Agent", userAgent),
        ], body: forward.body)
        let exchange = await transport.exchange(request, timeoutMs: subscription.timeoutMs)
        let answeredAt = clock()
        let durationMs = (answeredAt - startedAt) * 1000
        let result: ForwardAttemptResult
        var answer: String?
        var reply: ApplicationReply?
        switch exchange {
        case .answer(let status, _, let body, let bodyCut):
            result = .answered(status: status, retryAfter: RetryAfter.seconds(exchange.header("Retry-After"),
                                                                              now: startedAt))
            answer = String(decoding: body.prefix(Self.keptAnswerBytes), as: UTF8.self)
            if result.isSuccess, forward.rule != nil {
                reply = applicationReply(to: forward, status: status, body: body, bodyCut: bodyCut, at: answeredAt)
            }
        case .failure(let reason):
            result = .noAnswer(reason: reason)
        }
        let policy = ForwardPolicy(maxAttempts: subscription.maxAttempts,
                                   retryBaseMilliseconds: subscription.retryBaseMs)
        let fields = [("forward_id", forward.id), ("subscription", forward.subscription)]
        guard let recorded = await recorder.record(ForwardAttemptRecord(
            id: forward.id, attempt: forward.attempts, result: result, answer: answer, durationMs: durationMs,
            policy: policy, jitter: Double.random(in: 0..<1), now: clock(), reply: reply)) else { return }
        if case .queue = reply, recorded.state == .delivered, recorded.replyError == nil { replyQueued() }
        attemptEnded(forward.subscription, recorded.state, durationMs / 1000)
        logger.info("forward answered", fields + [
            ("attempt", String(forward.attempts)), ("type", forward.type.rawValue),
            ("state", recorded.state.rawValue), ("error", recorded.lastError ?? ""),
        ] + (recorded.replyError.map { [("reply_error", $0)] } ?? []))
        if let next = recorded.nextAttemptAt { loop.wake(at: next) }
    }
}

extension Forwarder {
    /// What a hand-off's 2xx answer asks for: the reply, to the conversation the message came
    /// from through the same account, as the rule's reply to the event — or why there is none.
    /// Nil when the answer asks for no reply.
    func applicationReply(to forward: Forward, status: Int, body: [UInt8], bodyCut: Bool, at time: Double)
        -> ApplicationReply? {
        guard let rule = forward.rule else { return nil }
        switch ReplyAnswer.read(status: status, body: body, bodyCut: bodyCut, provider: forward.provider,
                                answeredAt: time, replyBy: forward.replyBy) {
        case .none:
            return nil
        case .invalid(let reason):
            return .refused(reason)
        case .items(let items):
            guard !forward.conversation.isEmpty else { return .refused("the message has no conversation to answer") }
            let message = NewOutboxMessage(provider: forward.provider, account: forward.account,
                                           conversation: forward.conversation, chat: Self.chat(ofEventIn: forward.body),
                                           items: items, origin: .rule(name: rule, inReplyTo: forward.eventID))
            return .queue(message, admit: admitReply)
        }
    }

    /// The chat kind the event was stored with (`data.is_group` of the body it was forwarded
    /// with); nil leaves it to the conversation id's convention.
    static func chat(ofEventIn body: [UInt8]) -> ChatKind? {
        guard case .bool(let group)? = (try? JSON.parse(body))?["data"]?["is_group"] else { return nil }
        return group ? .group : .private
    }
}
