import Glibc

/// epoll, eventfd and accept4 are not in the Swift Glibc module map (its umbrella header skips
/// <sys/epoll.h> and <sys/eventfd.h>), and a C shim would be a target of its own for three
/// functions. So they are looked up once in the already-loaded libc, with their exact C types.
struct LinuxFunctions: @unchecked Sendable { // Immutable table of C function pointers into libc.
    typealias EpollCreate1 = @convention(c) (Int32) -> Int32
    typealias EpollCtl = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    typealias EpollWait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32
    typealias EventFD = @convention(c) (UInt32, Int32) -> Int32
    typealias Accept4 = @convention(c) (Int32, UnsafeMutablePointer<sockaddr>?,
                                        UnsafeMutablePointer<socklen_t>?, Int32) -> Int32

    let epollCreate1: EpollCreate1
    let epollCtl: EpollCtl
    let epollWait: EpollWait
    let eventfd: EventFD
    let accept4: Accept4

    /// The table, or the name of the first symbol that could not be found.
    static let shared: Result<LinuxFunctions, SystemError> = {
        guard let libc = dlopen(nil, RTLD_NOW) else {
            return .failure(SystemError("dlopen", errno: ENOSYS, detail: "libc"))
        }
        func symbol<T>(_ name: String, as type: T.Type) throws(SystemError) -> T {
            guard let pointer = dlsym(libc, name) else {
                throw SystemError("dlsym", errno: ENOSYS, detail: name)
            }
            return unsafeBitCast(pointer, to: type)
        }
        do throws(SystemError) {
            return .success(LinuxFunctions(
                epollCreate1: try symbol("epoll_create1", as: EpollCreate1.self),
                epollCtl: try symbol("epoll_ctl", as: EpollCtl.self),
                epollWait: try symbol("epoll_wait", as: EpollWait.self),
                eventfd: try symbol("eventfd", as: EventFD.self),
                accept4: try symbol("accept4", as: Accept4.self)
            ))
        } catch {
            return .failure(error)
        }
    }()

    // Constants from <sys/epoll.h> and <sys/eventfd.h> (identical on every Linux architecture).
    static let epollCtlAdd: Int32 = 1
    static let epollCtlDel: Int32 = 2
    static let epollCtlMod: Int32 = 3
    static let closeOnExec: Int32 = 0o2000000   // EPOLL_CLOEXEC = EFD_CLOEXEC = SOCK_CLOEXEC
    static let nonBlocking: Int32 = 0o4000      // EFD_NONBLOCK = SOCK_NONBLOCK
}
