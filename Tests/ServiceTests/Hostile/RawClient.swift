import Foundation
import Glibc
import JSON
import TestSupport

/// A blocking TCP client on a raw socket, for sending exactly the bytes a hostile client would.
/// Not Sendable: one thread creates it, uses it and drops it (see `offPool`). Every read waits
/// at most `timeoutMs` (SO_RCVTIMEO), so a server that never answers fails the test instead of
/// hanging it.
final class RawClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// How a read to the end of the stream stopped.
    enum Ending: Equatable {
        /// The server closed the connection (orderly FIN).
        case closed
        /// The server reset the connection.
        case reset
        /// Nothing arrived within the timeout: the connection is still open.
        case timedOut
    }

    let fd: Int32
    /// Bytes read and not yet taken by `readResponse`.
    private(set) var pending: [UInt8] = []

    init(port: Int, timeoutMs: Int = 5000) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        // SO_SNDTIMEO also bounds connect(): a full backlog must not hang the test.
        var timeout = timeval(tv_sec: timeoutMs / 1000, tv_usec: Int((timeoutMs % 1000) * 1000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw Failure(description: "connect to port \(port): errno \(code)")
        }
    }

    deinit { Glibc.close(fd) }

    /// Makes the next `close` send a reset instead of a FIN (SO_LINGER 0).
    func resetOnClose() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        guard sendAllowingClose(bytes) else { throw Failure(description: "send: errno \(errno)") }
    }

    /// Sends what the server takes; false once it stops taking bytes (closed or reset).
    @discardableResult
    func sendAllowingClose(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { return false }
            offset += count
        }
        return true
    }

    func shutdownWriting() { Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Whether something (bytes or the end of the stream) can be read within `timeoutMs`.
    func waitReadable(timeoutMs: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, timeoutMs) > 0
    }

    /// Reads until the server closes or resets the connection, or the read times out; returns
    /// every byte received (including any not taken by `readResponse`) and how it ended.
    func readToEnd() -> (bytes: [UInt8], ending: Ending) {
        while true {
            switch fill() {
            case .bytes: continue
            case .end(let ending):
                defer { pending.removeAll() }
                return (pending, ending)
            }
        }
    }

    /// Reads one whole response (head and `Content-Length` body).
    func readResponse() throws -> RawResponse {
        while true {
            if let (response, length) = RawResponse.parse(pending) {
                pending.removeFirst(length)
                return response
            }
            if case .end(let ending) = fill() {
                throw Failure(description: "no complete response (\(ending)); got \(String(decoding: pending, as: UTF8.self))")
            }
        }
    }

    private enum Fill { case bytes, end(Ending) }

    private func fill() -> Fill {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            pending.append(contentsOf: buffer[..<count])
            return .bytes
        }
        if count == 0 { return .end(.closed) }
        switch errno {
        case EAGAIN, EWOULDBLOCK: return .end(.timedOut)
        case EINTR: return .bytes
        default: return .end(.reset)
        }
    }
}

/// A response as it came off the wire.
struct RawResponse {
    let status: Int
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }
    var json: JSONValue { (try? JSON.parse(body)) ?? .null }

    /// The first complete response in `bytes` and how many bytes it took, or nil if incomplete.
    static func parse(_ bytes: [UInt8]) -> (RawResponse, Int)? {
        guard let headEnd = find([13, 10, 13, 10], in: bytes) else { return nil }
        let head = String(decoding: bytes[..<headEnd], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        let headers = lines.map { line -> (name: String, value: String) in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        let bodyStart = headEnd + 4
        guard bytes.count >= bodyStart + length else { return nil }
        return (RawResponse(status: status, headers: headers, body: Array(bytes[bodyStart..<(bodyStart + length)])),
                bodyStart + length)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
