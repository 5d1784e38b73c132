import Glibc

/// A detached POSIX thread of our own for an event loop: blocking in epoll_wait there never
/// takes a thread away from the Swift cooperative pool.
enum LoopThread {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    static func start(name: String, _ run: @escaping @Sendable () -> Void) throws(SocketError) {
        let body = Unmanaged.passRetained(Body(run)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { argument in
            let body = Unmanaged<Body>.fromOpaque(argument!).takeRetainedValue()
            body.run()
            return nil
        }, body)
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(body).release()
            throw SocketError("pthread_create", errno: result, detail: name)
        }
        pthread_detach(thread)
    }
}
