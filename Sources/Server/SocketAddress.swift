import Glibc

/// An IPv4 or IPv6 socket address. Hosts are numeric literals (`127.0.0.1`, `::1`, `[::1]`,
/// `0.0.0.0`, `::`) or `localhost`; names are not resolved, so binding never waits on DNS.
struct SocketAddress: CustomStringConvertible {
    private var storage = sockaddr_storage()
    private var length = socklen_t(MemoryLayout<sockaddr_storage>.size)

    init() {}

    init(host: String, port: Int) throws(SocketError) {
        guard (0...65535).contains(port) else {
            throw SocketError("bind", errno: EINVAL, detail: "port \(port) is not between 0 and 65535")
        }
        var name = host
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name == "localhost" { name = "127.0.0.1" }
        let networkPort = UInt16(port).bigEndian
        var ipv4 = sockaddr_in()
        if inet_pton(AF_INET, name, &ipv4.sin_addr) == 1 {
            ipv4.sin_family = sa_family_t(AF_INET)
            ipv4.sin_port = networkPort
            withUnsafeBytes(of: ipv4) { source in
                withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: source) }
            }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            return
        }
        var ipv6 = sockaddr_in6()
        if inet_pton(AF_INET6, name, &ipv6.sin6_addr) == 1 {
            ipv6.sin6_family = sa_family_t(AF_INET6)
            ipv6.sin6_port = networkPort
            withUnsafeBytes(of: ipv6) { source in
                withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: source) }
            }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            return
        }
        throw SocketError("inet_pton", errno: EINVAL,
                          detail: "host '\(host)' is not an IPv4 or IPv6 address or 'localhost'")
    }

    var family: Int32 { Int32(storage.ss_family) }

    var port: Int {
        withUnsafeBytes(of: storage) { raw in
            switch family {
            case AF_INET: return Int(UInt16(bigEndian: raw.load(as: sockaddr_in.self).sin_port))
            case AF_INET6: return Int(UInt16(bigEndian: raw.load(as: sockaddr_in6.self).sin6_port))
            default: return 0
            }
        }
    }

    /// `127.0.0.1:8080` or `[::1]:8080`.
    var description: String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        return withUnsafeBytes(of: storage) { raw in
            switch family {
            case AF_INET:
                var address = raw.load(as: sockaddr_in.self).sin_addr
                guard inet_ntop(AF_INET, &address, &text, socklen_t(text.count)) != nil else { return "?" }
                return "\(SocketAddress.string(text)):\(port)"
            case AF_INET6:
                var address = raw.load(as: sockaddr_in6.self).sin6_addr
                guard inet_ntop(AF_INET6, &address, &text, socklen_t(text.count)) != nil else { return "?" }
                return "[\(SocketAddress.string(text))]:\(port)"
            default:
                return "?"
            }
        }
    }

    private static func string(_ nulTerminated: [CChar]) -> String {
        String(decoding: nulTerminated.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        withUnsafeBytes(of: storage) { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), length)
        }
    }

    mutating func withMutableSockaddr<R>(_ body: (UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> R) -> R {
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutableBytes(of: &storage) { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), &length)
        }
        self.length = length
        return result
    }
}
