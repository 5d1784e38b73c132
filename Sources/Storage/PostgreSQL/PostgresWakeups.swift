import Foundation
import Platform
import PostgreSQL
import Synchronization

/// `LISTEN`/`NOTIFY` for the instances on one database: a transaction that makes work due sends
/// `NOTIFY wxhook_outbox` or `wxhook_forwards` (delivered when it commits, once per transaction
/// however often it was sent); a thread of its own, on a connection of its own, listens and
/// hands each wake-up to the streams of `PostgresStore.wakeups()`. It starts with the first
/// stream, reconnects after a lost connection, and stops when the store closes.
final class PostgresWakeups: Sendable {
    static func channel(_ wakeup: StoreWakeup) -> String { "wxhook_" + wakeup.rawValue }

    /// Sends the wake-up in `db`'s transaction.
    static func notify(_ wakeup: StoreWakeup, db: PostgresConnection) throws {
        try db.notify(channel(wakeup), payload: "")
    }

    private struct State {
        var streams: [Int: AsyncStream<StoreWakeup>.Continuation] = [:]
        var nextID = 0
        var listening = false
        var stopped = false
    }

    private let url: PostgresURL
    private let state = Mutex(State())

    init(url: PostgresURL) {
        self.url = url
    }

    func stream() -> AsyncStream<StoreWakeup> {
        let (stream, continuation) = AsyncStream<StoreWakeup>.makeStream(bufferingPolicy: .bufferingNewest(4))
        let start: Bool = state.withLock { state in
            guard !state.stopped else {
                continuation.finish()
                return false
            }
            let id = state.nextID
            state.nextID += 1
            state.streams[id] = continuation
            continuation.onTermination = { [weak self] _ in self?.state.withLock { _ = $0.streams.removeValue(forKey: id) } }
            defer { state.listening = true }
            return !state.listening
        }
        if start {
            do {
                try DetachedThread.start(name: "pg-listen") { [self] in listen() }
            } catch {
                // No thread: the loops still poll.
                state.withLock { $0.listening = false }
            }
        }
        return stream
    }

    func stop() {
        let streams = state.withLock { state in
            state.stopped = true
            defer { state.streams = [:] }
            return Array(state.streams.values)
        }
        for stream in streams { stream.finish() }
    }

    private var stopped: Bool { state.withLock { $0.stopped } }

    /// The listening thread: connect, LISTEN to both channels, wait in short slices so `stop()`
    /// is noticed within one; after an error, wait a little and connect again.
    private func listen() {
        var backoffMs = 100
        while !stopped {
            do {
                let db = try PostgresConnection.connect(url)
                defer { db.close() }
                for wakeup in [StoreWakeup.outbox, .forwards] { try db.listen(Self.channel(wakeup)) }
                backoffMs = 100
                // A wake-up may have been sent before LISTEN took effect: wake everyone once.
                deliver([.outbox, .forwards])
                while !stopped {
                    let notifications = try db.waitForNotifications(timeoutMs: 250)
                    let wakeups = Set(notifications.compactMap { note in
                        [StoreWakeup.outbox, .forwards].first { Self.channel($0) == note.channel }
                    })
                    if !wakeups.isEmpty { deliver(wakeups.sorted { $0.rawValue < $1.rawValue }) }
                }
            } catch {
                // Lost or refused: polling covers the gap until the next connection.
                var waited = 0
                while waited < backoffMs, !stopped {
                    DetachedThread.sleep(milliseconds: 50)
                    waited += 50
                }
                backoffMs = min(backoffMs * 2, 5000)
            }
        }
    }

    private func deliver(_ wakeups: [StoreWakeup]) {
        let streams = state.withLock { Array($0.streams.values) }
        for stream in streams {
            for wakeup in wakeups { stream.yield(wakeup) }
        }
    }
}

extension PostgresStore: StoreWakeups {
    public func wakeups() -> AsyncStream<StoreWakeup> { listener.stream() }
}
