import Dispatch
import Glibc
import Synchronization
import Testing

/// A fresh directory per test (tests run in parallel), removed with everything in it afterwards.
final class TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/wxhook-sqlite-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp failed: errno \(errno)") }
        path = String(cString: made)
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit {
        if let dir = opendir(path) {
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
                }
                if name != "." && name != ".." { unlink(file(name)) }
            }
            closedir(dir)
        }
        rmdir(path)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Holds a write (or read) job on its thread until the test opens it, so the test decides
/// what is queued behind it: batching is then certain, not a matter of timing. If a test fails
/// before opening it, the job goes on by itself after a minute instead of hanging the run.
final class Gate: Sendable {
    private let isEntered = Atomic<Bool>(false)
    private let semaphore = DispatchSemaphore(value: 0)

    var entered: Bool { isEntered.load(ordering: .acquiring) }

    func enterAndWait() {
        isEntered.store(true, ordering: .releasing)
        _ = semaphore.wait(timeout: .now() + .seconds(60))
    }

    func open() { semaphore.signal() }
}

/// Polls `condition` until it holds. Not a timing assertion: the bound only stops a broken test
/// from hanging forever.
func waitUntil(_ what: String, _ condition: () -> Bool) async throws {
    for _ in 0..<20_000 {
        if condition() { return }
        try await Task.sleep(for: .milliseconds(1))
    }
    throw TestFailure("gave up waiting until \(what)")
}

struct JobFailure: Error, Equatable {}

/// What `body` returned or threw, as a value (so an `async let` can be checked for its error).
func outcome<T: Sendable>(_ body: () async throws -> T) async -> Result<T, any Error> {
    do {
        return .success(try await body())
    } catch {
        return .failure(error)
    }
}

extension Result {
    var error: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
