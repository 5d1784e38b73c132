import Glibc
@testable import HTTPClient
import Testing
import TestSupport

@Suite struct ConnectionPoolTests {
    /// Found by the crash-consistency test: `take` read the clock, then a concurrent `put` stamped
    /// a connection later than that reading, and `now - idleSince` wrapped — a trap that killed
    /// the service. Later than now is fresh.
    @Test func aConnectionPutBackAfterTheClockWasReadIsFresh() {
        #expect(ConnectionPool.isFresh(idleSince: 1_000_000_500, now: 1_000_000_000, maxIdleMs: 2_000))
        #expect(ConnectionPool.isFresh(idleSince: 1_000_000_000, now: 1_000_000_000, maxIdleMs: 2_000))
        #expect(ConnectionPool.isFresh(idleSince: 1_000_000_000, now: 3_000_000_000, maxIdleMs: 2_000))
        #expect(!ConnectionPool.isFresh(idleSince: 1_000_000_000, now: 3_000_000_001, maxIdleMs: 2_000))
    }

    /// Threads taking and putting back the same few connections as fast as they can: every take
    /// races some put. Each connection is one end of a socket pair whose other end stays open and
    /// quiet, so it always looks reusable; at the end every one of them is back in the pool.
    @Test func takeAndPutFromManyThreadsAtOnce() async throws {
        let pool = ConnectionPool(maxIdlePerServer: 8, maxIdleMs: 60_000)
        let key = ConnectionPool.Key(host: "127.0.0.1", port: 1)
        var peers: [Int32] = []
        for _ in 0..<8 {
            var pair: [Int32] = [0, 0]
            #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
            pool.put(ClientConnection(fd: pair[0]), for: key)
            peers.append(pair[1])
        }
        let taken = try await onThreads(8) { _ in
            var count = 0
            for _ in 0..<5_000 {
                if let connection = pool.take(key) {
                    count += 1
                    pool.put(connection, for: key)
                }
            }
            return count
        }
        #expect(taken.reduce(0, +) > 0)
        #expect(pool.idleCount == 8)
        for peer in peers { close(peer) }
    }
}
