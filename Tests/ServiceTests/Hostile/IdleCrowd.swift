import Foundation
import Synchronization
import TestSupport

/// A thousand idle connections held by a helper process (Python's socket module, somebody
/// else's client), not by the test process, whose descriptor limit the other tests share.
///
/// The helper connects `count` times; every `askEvery`th connection sends `GET /health` and keeps
/// the connection. It prints `opened`, reads those answers, then waits until the server has closed
/// every connection (or `waitSeconds` pass) and prints one JSON line with what it saw.
final class IdleCrowd: Sendable {
    struct Report: Sendable, Equatable {
        var answered = 0
        var closed = 0
        var reset = 0
        var open = 0
    }

    static let python = "/usr/bin/env"

    /// Whether `python3` can be run here.
    static let isAvailable: Bool = {
        (try? ChildProcess(executable: python, arguments: ["python3", "-c", "import socket, select, json"])
            .waitForExit()) == 0
    }()

    static let script = #"""
        import json, select, socket, sys, time
        port, count, ask_every, wait = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
        clients = []
        for index in range(count):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            if index % ask_every == 0:
                s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            clients.append(s)
        print("opened", flush=True)
        answered = 0
        for index in range(0, count, ask_every):
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = clients[index].recv(65536)
                if not chunk: break
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length": length = int(value)
            while len(body) < length:
                chunk = clients[index].recv(65536)
                if not chunk: break
                body += chunk
            if head.startswith(b"HTTP/1.1 200"): answered += 1
        poller = select.poll()
        for s in clients: poller.register(s, select.POLLIN)
        pending, closed, reset = {s.fileno(): s for s in clients}, 0, 0
        deadline = time.time() + wait
        while pending and time.time() < deadline:
            for fd, _ in poller.poll(max(0, int((deadline - time.time()) * 1000))):
                s = pending.pop(fd, None)
                if s is None: continue
                poller.unregister(fd)
                try:
                    if s.recv(65536) == b"": closed += 1
                    else: pending[fd] = s; poller.register(fd, select.POLLIN)
                except ConnectionResetError:
                    reset += 1
        print(json.dumps({"answered": answered, "closed": closed, "reset": reset, "open": len(pending)}), flush=True)
        """#

    private let child: ChildProcess
    private let lines = Lines()

    /// Starts the helper; `opened()` returns once every connection is made.
    init(port: Int, count: Int = 1000, askEvery: Int = 4, waitSeconds: Int = 15) throws {
        child = try ChildProcess(executable: Self.python,
                                 arguments: ["python3", "-c", Self.script, String(port), String(count), String(askEvery),
                                             String(waitSeconds)],
                                 stdout: .stream(lines.append))
    }

    /// Blocks until the helper says its connections are open; false if it ended first.
    func opened() -> Bool {
        nextLine() == "opened"
    }

    /// Blocks until the helper reports (after the server closed everything, or its wait ran out).
    func report() -> Report? {
        guard let line = nextLine(),
              let json = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Int] else { return nil }
        child.waitForExit()
        return Report(answered: json["answered"] ?? -1, closed: json["closed"] ?? -1, reset: json["reset"] ?? -1,
                      open: json["open"] ?? -1)
    }

    func stop() {
        child.signal(SIGTERM)
        child.waitForExit()
    }

    /// The next line of the helper's stdout; nil once it exited without one.
    private func nextLine() -> String? {
        while true {
            if let line = lines.next(waitingUpTo: 1) { return line }
            if !child.isRunning {
                child.waitForOutput()
                return lines.next(waitingUpTo: 0)
            }
        }
    }
}

/// The helper's stdout as lines, handed out in order.
private final class Lines: Sendable {
    private let state = Mutex<(pending: [UInt8], complete: [String])>(([], []))
    private let arrived = DispatchSemaphore(value: 0)

    func append(_ chunk: Data) {
        state.withLock { state in
            for byte in chunk {
                if byte == 10 {
                    state.complete.append(String(decoding: state.pending, as: UTF8.self))
                    state.pending = []
                } else {
                    state.pending.append(byte)
                }
            }
        }
        arrived.signal()
    }

    /// The oldest complete line not handed out yet, waiting up to `seconds` for one.
    func next(waitingUpTo seconds: Double) -> String? {
        let deadline = DispatchTime.now() + seconds
        while true {
            if let line = state.withLock({ $0.complete.isEmpty ? nil : $0.complete.removeFirst() }) { return line }
            if arrived.wait(timeout: deadline) == .timedOut { return nil }
        }
    }
}
