import Platform

/// The listening socket, shared by every event loop (each waits on it with EPOLLEXCLUSIVE, so a
/// new connection wakes one loop, not all).
enum Listener {
    /// Binds and listens; returns the descriptor and the port actually bound (port 0 → ephemeral).
    static func open(host: String, port: Int, backlog: Int32) throws(SystemError) -> (fd: Int32, port: Int) {
        let address = try SocketAddress(host: host, port: port)
        let fd = try Syscall.socket(family: address.family)
        do throws(SystemError) {
            // Restarting must not wait out TIME_WAIT. No SO_REUSEPORT: a second wxhook on the
            // same port has to fail loudly instead of silently sharing it.
            try Syscall.enable(.reuseAddress, on: fd)
            try Syscall.bind(fd, address)
            try Syscall.listen(fd, backlog: backlog)
            return (fd, try Syscall.localAddress(fd).port)
        } catch {
            Syscall.close(fd)
            throw error
        }
    }
}
