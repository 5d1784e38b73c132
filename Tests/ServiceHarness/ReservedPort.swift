import Platform

/// A loopback port the kernel just handed out: bound to port 0, read back, closed. The simulator
/// must know the service's URL before the service starts, so the service is told to listen here.
/// Another process could take the port in between; `TestService` starts over when it does.
enum ReservedPort {
    static func make() throws -> Int {
        let address = try SocketAddress(host: "127.0.0.1", port: 0)
        let fd = try Syscall.socket(family: address.family)
        defer { Syscall.close(fd) }
        try Syscall.bind(fd, address)
        return try Syscall.localAddress(fd).port
    }
}
