import Platform
import Testing

@Suite struct SocketAddressTests {
    @Test(arguments: [
        ("127.0.0.1", 8080, "127.0.0.1:8080"),
        ("localhost", 80, "127.0.0.1:80"),
        ("0.0.0.0", 0, "0.0.0.0:0"),
        ("::1", 443, "[::1]:443"),
        ("[::1]", 65535, "[::1]:65535"),
        ("::", 1, "[::]:1"),
        ("2001:db8::1", 9, "[2001:db8::1]:9"),
    ])
    func literalsRoundTrip(_ host: String, _ port: Int, _ text: String) throws {
        let address = try SocketAddress(host: host, port: port)
        #expect(address.description == text)
        #expect(address.port == port)
        #expect(address.isIPv6 == text.hasPrefix("["))
    }

    @Test func namesAndBadPortsAreRefused() {
        #expect(throws: SystemError.self) { try SocketAddress(host: "example.com", port: 80) }
        #expect(throws: SystemError.self) { try SocketAddress(host: "127.0.0.1", port: 65536) }
        #expect(throws: SystemError.self) { try SocketAddress(host: "127.0.0.1", port: -1) }
    }

    @Test func resolvingALiteralGivesItBack() throws {
        let resolved = SocketAddress.resolve(host: "127.0.0.1", port: 8080)
        #expect(resolved == [try SocketAddress(host: "127.0.0.1", port: 8080)])
        #expect(SocketAddress.resolve(host: "host.invalid", port: 80).isEmpty)
    }

    @Test func aBoundListenerReportsItsAddress() throws {
        let address = try SocketAddress(host: "127.0.0.1", port: 0)
        let fd = try Syscall.socket(family: address.family)
        defer { Syscall.close(fd) }
        try Syscall.bind(fd, address)
        try Syscall.listen(fd, backlog: 1)
        let bound = try Syscall.localAddress(fd)
        #expect(bound.port > 0)
        #expect(bound.description == "127.0.0.1:\(bound.port)")
        #expect(bound == (try SocketAddress(host: "127.0.0.1", port: bound.port)))
    }

    @Test func literalsAreRecognised() {
        #expect(SocketAddress.isIPv4Literal("10.0.0.1"))
        #expect(!SocketAddress.isIPv4Literal("::1"))
        #expect(SocketAddress.isIPv6Literal("::ffff:127.0.0.1"))
        #expect(!SocketAddress.isIPv6Literal("localhost"))
        #expect(SocketAddress.isLoopbackLiteral("127.5.6.7"))
        #expect(SocketAddress.isLoopbackLiteral("::1"))
        #expect(SocketAddress.isLoopbackLiteral("::ffff:127.0.0.1"))
        #expect(!SocketAddress.isLoopbackLiteral("10.0.0.1"))
        #expect(!SocketAddress.isLoopbackLiteral("localhost"))
    }
}
