import Configuration
import Testing

@Suite struct ListenAddressTests {
    @Test(arguments: [
        ("127.0.0.1:8080", "127.0.0.1", 8080),
        ("0.0.0.0:0", "0.0.0.0", 0),
        ("[::1]:8080", "::1", 8080),
        ("[::]:65535", "::", 65535),
        ("localhost:80", "localhost", 80),
        ("wxhook.internal:9090", "wxhook.internal", 9090),
    ])
    func parses(text: String, host: String, port: Int) throws {
        let address = try ListenAddress(parsing: text)
        #expect(address.host == host)
        #expect(address.port == port)
        #expect(address.description == text)
    }

    @Test(arguments: [
        ("localhost", #""localhost" is not HOST:PORT"#),
        ("127.0.0.1", #""127.0.0.1" is not HOST:PORT"#),
        ("127.0.0.1:", #""127.0.0.1:" is not HOST:PORT"#),
        (":8080", #"":8080" is not HOST:PORT"#),
        ("[::1]", #""[::1]" is not HOST:PORT"#),
        ("::1:8080", #""::1:8080" is not HOST:PORT (write an IPv6 address in brackets: [::1]:8080)"#),
        ("127.0.0.1:65536", #""127.0.0.1:65536": port "65536" is not a number from 0 to 65535"#),
        ("127.0.0.1:-1", #""127.0.0.1:-1": port "-1" is not a number from 0 to 65535"#),
        ("127.0.0.1:+80", #""127.0.0.1:+80": port "+80" is not a number from 0 to 65535"#),
        ("127.0.0.1:0000080", #""127.0.0.1:0000080": port "0000080" is not a number from 0 to 65535"#),
        ("300.1.1.1:80", #""300.1.1.1:80": "300.1.1.1" is not an IPv4 address"#),
        ("[fe80::zz]:80", #""[fe80::zz]:80": "fe80::zz" is not an IPv6 address"#),
        ("my host:80", #""my host:80": "my host" is not a host name"#),
    ])
    func rejects(text: String, message: String) {
        #expect(throws: ListenAddressError(message: message)) { try ListenAddress(parsing: text) }
    }

    @Test(arguments: ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1", "localhost", "LOCALHOST"])
    func loopback(host: String) {
        #expect(ListenAddress(host: host, port: 1).isLoopback)
    }

    @Test(arguments: ["0.0.0.0", "10.0.0.1", "::", "fe80::1", "example.com", "128.0.0.1"])
    func notLoopback(host: String) {
        #expect(!ListenAddress(host: host, port: 1).isLoopback)
    }

    @Test func defaults() {
        #expect(ListenAddress.serveDefault.description == "127.0.0.1:8080")
        #expect(ListenAddress.simDefault.description == "127.0.0.1:9090")
    }
}
