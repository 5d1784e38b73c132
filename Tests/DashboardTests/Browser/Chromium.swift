import Foundation
import JSON
import Synchronization
import TestSupport

/// Headless Chromium (Debian's `chromium` package) driven over the DevTools protocol on a pipe
/// (`--remote-debugging-pipe`): commands go to the browser's fd 3 and answers and events come back
/// on its fd 4, each a JSON object ended by a NUL byte. Nothing but the browser itself is needed.
final class Chromium: Sendable {
    static let path: String? = {
        let names = ["chromium", "chromium-browser"]
        let folders = ["/usr/bin", "/usr/local/bin"] + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return folders.flatMap { folder in names.map { "\(folder)/\($0)" } }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// `WXHOOK_TEST_CHROMIUM_REQUIRED=1` (CI): a machine without Chromium fails the test instead of skipping it.
    static let required = ProcessInfo.processInfo.environment["WXHOOK_TEST_CHROMIUM_REQUIRED"] == "1"

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let child: ChildProcess
    private let profile: String
    private let inbox: Inbox

    /// Starts the browser with a fresh profile of its own and no window.
    init(executable: String) throws {
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("wxhook-chromium-\(UUID().uuidString)").path
        let inbox = Inbox()
        self.inbox = inbox
        child = try ChildProcess(
            executable: executable,
            arguments: ["--headless=new", "--no-sandbox", "--remote-debugging-pipe", "--user-data-dir=\(profile)",
                        "--no-first-run", "--no-default-browser-check", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-extensions", "--hide-scrollbars", "--lang=zh-CN", "about:blank"],
            control: .stream { chunk in inbox.received(Array(chunk)) })
    }

    /// Sends one command (to a page when `session` names one) and waits for its answer.
    func command(_ method: String, _ params: JSONObject = JSONObject(), session: String? = nil) async throws -> JSONValue {
        try await withCheckedThrowingContinuation { continuation in
            let id = inbox.state.withLock { state -> Int in
                state.nextID += 1
                state.waiting[state.nextID] = continuation
                return state.nextID
            }
            var message = JSONObject([("id", JSONValue(id)), ("method", .string(method)), ("params", .object(params))])
            if let session { message.append("sessionId", .string(session)) }
            if !child.writeControl(JSON.serialize(.object(message)) + [0]) {
                let waiter = inbox.state.withLock { $0.waiting.removeValue(forKey: id) }
                waiter?.resume(throwing: Failure(description: "the browser is gone (\(method))"))
            }
        }
    }

    /// Every event so far (console calls, exceptions, log entries, …).
    var events: [JSONValue] { inbox.state.withLock { $0.events } }

    /// Ends the browser: it closes when its pipe closes, and is killed if it does not.
    func close() async {
        child.closeControl()
        let child = self.child
        _ = try? await offPool {
            if child.waitForExit(timeout: 10) == nil {
                child.signal(SIGKILL)
                child.waitForExit()
            }
        }
        let waiting = inbox.state.withLock { state in
            defer { state.waiting = [:] }
            return Array(state.waiting.values)
        }
        waiting.forEach { $0.resume(throwing: Failure(description: "the browser closed")) }
        try? FileManager.default.removeItem(atPath: profile)
    }
}

/// What the browser sent that nobody has taken yet, and the commands waiting for answers; fed by
/// the reader thread of the browser's fd 4.
private final class Inbox: Sendable {
    struct State {
        var buffer: [UInt8] = []
        var nextID = 0
        var waiting: [Int: CheckedContinuation<JSONValue, any Error>] = [:]
        var events: [JSONValue] = []
    }

    let state = Mutex(State())

    /// Splits what arrived into messages: an answer resumes its command, anything else is an event.
    func received(_ chunk: [UInt8]) {
        var messages: [JSONValue] = []
        state.withLock { state in
            state.buffer += chunk
            while let end = state.buffer.firstIndex(of: 0) {
                if let message = try? JSON.parse(state.buffer[..<end]) { messages.append(message) }
                state.buffer.removeSubrange(...end)
            }
        }
        for message in messages {
            if case .int(let id)? = message["id"] {
                let waiter = state.withLock { $0.waiting.removeValue(forKey: Int(id)) }
                if let error = message["error"] {
                    waiter?.resume(throwing: Chromium.Failure(description: "DevTools error: \(JSON.string(error))"))
                } else {
                    waiter?.resume(returning: message["result"] ?? .null)
                }
            } else {
                state.withLock { $0.events.append(message) }
            }
        }
    }


}
