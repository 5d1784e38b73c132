import Core
import Foundation
import ServiceHarness

/// Trials of SIGKILL under load on one stack: in each, the clients post while the dispatcher
/// sends through the simulator; at a random moment the `wxhook serve` child is killed, restarted
/// on the same database, checked (invariant 1, for the trial's requests), and the clients post
/// again what was never acknowledged; then the forwards drain to the test's application and
/// invariant 5 is checked. The next trial starts while sends are still under way, so a kill can
/// also land among the previous trial's recovered sends. `finish()` lets the run settle and
/// checks all.
struct CrashRun {
    /// One kill, and what it caught.
    struct Kill {
        let trial: Int
        let time: Double
        /// Posts the kill cut off (no answer).
        let cutOff: Int
    }

    static let clients = 16
    static let killDelayMs = 150...1_500

    static let forwardDrainS = 120.0

    let stack: TestService
    let forwarding: CrashForwarding
    let workload: CrashWorkload
    let ledger = RequestLedger()
    private var random: SplitMix64
    private(set) var kills: [Kill] = []
    private(set) var violations: [String] = []
    /// Invariant 5 is checked after every trial over everything so far: each violation once.
    private var forwardViolations: Set<String> = []
    private var log = SimLogHarvest()

    init(stack: TestService, forwarding: CrashForwarding, seed: UInt64) {
        self.stack = stack
        self.forwarding = forwarding
        workload = CrashWorkload(seed: seed)
        random = SplitMix64(seed: seed)
    }

    private var clients: CrashClients {
        CrashClients(count: Self.clients, workload: workload, ledger: ledger, api: stack.client)
    }

    mutating func trial(_ trial: Int) async throws {
        let started = Date().timeIntervalSince1970
        let delay = random.pick(Self.killDelayMs)
        let gate = CrashClients.Gate()
        forwarding.refuse(trial % 2 == 1)
        let clients = self.clients
        async let posting: Void = clients.postUntilClosed(trial: trial, gate: gate)
        try await Task.sleep(for: .milliseconds(delay))
        gate.close()
        let killedAt = Date().timeIntervalSince1970
        await stack.killService()
        await posting

        let cutOff = ledger.entries.values.filter { $0.trial == trial && $0.id == nil && $0.cutOff > 0 }.count
        kills.append(Kill(trial: trial, time: killedAt, cutOff: cutOff))
        try await restart()

        // Invariant 1 at once: whatever was acknowledged before the kill survived it, once.
        let prefix = "t\(trial)-"
        let events = try await stack.allEvents("provider=botadmin&account=shop&kind=message&since=\(started)")
        let sends = try await stack.allOutboxEntries("provider=yunzhenji&since=\(started)").filter { $0.origin == "api" }
        violations += CrashInvariants.acknowledgedStoredOnce(
            Array(ledger.entries.values), events: events, sends: sends, scope: { $0.hasPrefix(prefix) },
            when: "restart \(trial + 1)")

        await clients.retryUnacknowledged()
        try await log.harvest(stack)
        try await checkForwards()
    }

    /// Invariants 5 (and 6 with `messages`), once the forwards have drained; each violation is
    /// reported once.
    private mutating func checkForwards(messages: [OutboxEntry]? = nil) async throws {
        let found = try await forwarding.violations(stack, messages: messages, drainWithin: Self.forwardDrainS)
        for violation in found
        where forwardViolations.insert(violation).inserted {
            violations.append(violation)
        }
    }

    /// Starts `wxhook serve` again; a port someone else took meanwhile is worth a few tries.
    private func restart() async throws {
        var lastError: (any Error)?
        for _ in 0..<5 {
            do {
                try await stack.startService()
                return
            } catch {
                lastError = error
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        throw lastError ?? HarnessFailure("wxhook serve did not start again")
    }

    /// `TestService.waitUntilSettled`, reading the simulator's log meanwhile: the backlog the
    /// trials leave can be more sends than the log keeps.
    private mutating func settle(timeout: Double) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            try await log.harvest(stack)
            do {
                try await stack.waitUntilSettled(timeout: 5)
                return
            } catch where Date() < deadline {
                continue
            }
        }
    }

    /// What the whole run came to, once it has settled.
    struct Outcome {
        var events = 0
        var messages = 0
        var replies = 0
        /// Kills after which at least one message was recovered after restart, and how many.
        var killsWithSendsInFlight = 0
        var recoveredMessages = 0
        var killsWithPostsInFlight = 0
        var postsCutOff = 0
        /// Cut-off webhooks a retry found already stored: committed, answer lost in the kill.
        var committedUnanswered = 0
        /// Forwards: webhook-ids, requests, 503s answered, webhook-ids sent again after a kill
        /// although an attempt before it had reached the application.
        var forwardIDs = 0
        var forwardRequests = 0
        var forwardsRefused = 0
        var forwardsResentAfterKill = 0
        /// Webhook-ids of `message.*` forwards.
        var messageForwardIDs = 0
        var violations: [String] = []
    }

    /// Waits for the run to settle and checks every invariant over everything it did.
    mutating func finish() async throws -> Outcome {
        try await settle(timeout: 300)
        try await log.harvest(stack, force: true)
        let messages = try await stack.allOutboxEntries()
        try await checkForwards(messages: messages)
        let events = try await stack.allEvents("provider=botadmin&account=shop&kind=message")
        let entries = Array(ledger.entries.values)

        var outcome = Outcome(events: events.count, messages: messages.count,
                              replies: messages.filter { $0.origin == "rule" }.count)
        outcome.violations = violations + ledger.problems
        outcome.violations += entries.filter { $0.id == nil }.map { "\($0.request.identity): never acknowledged, even after retries" }
        outcome.violations += CrashInvariants.acknowledgedStoredOnce(
            entries, events: events, sends: messages.filter { $0.origin == "api" }, scope: { _ in true }, when: "at the end")
        outcome.violations += CrashInvariants.repliesMatchRules(events: events, messages: messages)
        outcome.violations += CrashInvariants.allFinal(messages)

        let sends = log.sends
        let repeated = Set(CrashInvariants.repeatedSightings(sends).keys)
        let candidates = messages.filter { $0.attempts > 1 || repeated.contains($0.sightingKey) }.map(\.id)
        let details = try await stack.details(of: candidates)
        outcome.violations += CrashInvariants.nothingSentTwice(
            sends, messages: messages, details: Dictionary(details.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))

        // A recovery row is written by the start that follows a kill: attribute it to that kill.
        let recoveries = details.flatMap { view in
            (view.timeline ?? []).filter { $0.cause.hasPrefix("recovered after restart") }.map { (view.id, $0.time) }
        }
        for (index, kill) in kills.enumerated() {
            let next = index + 1 < kills.count ? kills[index + 1].time : .infinity
            let caught = Set(recoveries.filter { $0.1 > kill.time && $0.1 < next }.map(\.0)).count
            if caught > 0 { outcome.killsWithSendsInFlight += 1 }
            outcome.recoveredMessages += caught
            if kill.cutOff > 0 { outcome.killsWithPostsInFlight += 1 }
            outcome.postsCutOff += kill.cutOff
        }
        outcome.committedUnanswered = entries.filter(\.committedUnanswered).count

        let requests = forwarding.receiver.received
        outcome.forwardIDs = Set(requests.map(\.id)).count
        outcome.messageForwardIDs = Set(requests.filter { $0.type.hasPrefix("message.") }.map(\.id)).count
        outcome.forwardRequests = requests.count
        outcome.forwardsRefused = requests.filter { $0.status == 503 }.count
        let killTimes = kills.map(\.time)
        outcome.forwardsResentAfterKill = Dictionary(grouping: requests, by: \.id).values.filter { attempts in
            killTimes.contains { kill in
                attempts.contains { $0.arrivedAt < kill && $0.status == 200 } && attempts.contains { $0.arrivedAt > kill }
            }
        }.count
        return outcome
    }
}
