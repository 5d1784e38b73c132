import Foundation
import Glibc
import Synchronization

/// A listener on 127.0.0.1 whose every connection is handled by a blocking script on a thread of
/// its own: the way to make a server answer exactly the bytes a test needs, broken ones included.
final class ScriptedServer: Sendable {
    let port: UInt16
    private let listener: Int32
    private let accepted = Counter()

    /// Connections accepted so far.
    var connections: Int { accepted.value.load(ordering: .relaxed) }

    private let stopped = Flag()

    private final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    private final class Flag: Sendable {
        let value = Atomic<Bool>(false)
    }

    init(_ script: @escaping @Sendable (_ connection: Int32, _ index: Int) -> Void) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 128) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        self.listener = listener
        let accepted = self.accepted
        let thread = Thread {
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else {
                    // Shut down by `stop`. Closed here, by the only thread that uses it: closed
                    // in `stop`, its number could be reused by another test's listener before
                    // this thread's next `accept`, which would then take that test's connections.
                    close(listener)
                    return
                }
                let index = accepted.value.wrappingAdd(1, ordering: .relaxed).oldValue
                let worker = Thread {
                    script(connection, index)
                    close(connection)
                }
                worker.stackSize = 1 << 20
                worker.start()
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Stops accepting: the accept thread wakes, closes the listener and ends.
    func stop() {
        guard !stopped.value.exchange(true, ordering: .relaxed) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
    }

    deinit { stop() }
}

/// Reads one request head and its Content-Length body from a blocking socket; nil at end of stream.
func readRequest(_ fd: Int32) -> (head: String, body: [UInt8])? {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        if let end = bytes.firstRange(of: Array("\r\n\r\n".utf8)) {
            let head = String(decoding: bytes[..<end.lowerBound], as: UTF8.self)
            let length = head.split(separator: "\r\n")
                .first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            while bytes.count - end.upperBound < length {
                let count = recv(fd, &chunk, chunk.count, 0)
                guard count > 0 else { return nil }
                bytes += chunk[..<count]
            }
            return (head, Array(bytes[end.upperBound..<end.upperBound + length]))
        }
        let count = recv(fd, &chunk, chunk.count, 0)
        guard count > 0 else { return nil }
        bytes += chunk[..<count]
    }
}

/// Writes all of `text` to a blocking socket.
func write(_ fd: Int32, _ text: String) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent > 0 else { return }
        offset += sent
    }
}
