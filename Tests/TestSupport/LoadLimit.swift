/// How much of the machine the tests that run servers, clients and child processes take at once.
///
/// Swift Testing starts every test of a run at the same moment, all in this one process. Left
/// alone, a hundred live tests on two cores make each other miss the deadlines they check (a 5 s
/// client timeout, `/health` within 1 s during an attack) and the memory they measure. A live
/// test holds a share from before its server starts until it has stopped; a test that measures
/// latency or memory, or that loads the machine on purpose, holds the whole of it. Waiting for a
/// share measures nothing, so no test's own deadlines start running before it has one.
public actor LoadLimit {
    public enum Share: Sendable {
        /// One of `capacity` at once.
        case one
        /// Nothing else live at the same time.
        case whole
    }

    /// The one limit of the test process (every test target runs in it).
    public static let machine = LoadLimit(capacity: 4)

    private let capacity: Int
    private var used = 0
    /// First come, first served: a test waiting for the whole machine is not overtaken forever
    /// by tests that need one share.
    private var waiting: [(weight: Int, resume: CheckedContinuation<Void, Never>)] = []

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// Runs `body` holding `share` of the machine.
    public static func run<T>(_ share: Share = .one, _ body: () async throws -> T) async throws -> T {
        let weight = await machine.weight(of: share)
        await machine.acquire(weight)
        do {
            let result = try await body()
            await machine.release(weight)
            return result
        } catch {
            await machine.release(weight)
            throw error
        }
    }

    private func weight(of share: Share) -> Int {
        switch share {
        case .one: 1
        case .whole: capacity
        }
    }

    private func acquire(_ weight: Int) async {
        if waiting.isEmpty, used + weight <= capacity {
            used += weight
            return
        }
        await withCheckedContinuation { waiting.append((weight, $0)) }
    }

    private func release(_ weight: Int) {
        used -= weight
        while let next = waiting.first, used + next.weight <= capacity {
            waiting.removeFirst()
            used += next.weight
            next.resume.resume()
        }
    }
}
