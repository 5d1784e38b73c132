import Foundation

/// A thousand idle connections held by a helper process (Python's socket module, somebody
/// else's client), not by the test process: Foundation's `Process.run` over-reads its readdir
/// buffer when the calling process has ~1,300 descriptors open, and other tests spawn processes
/// while this one runs.
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["python3", "-c", "import socket, select, json"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
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

    private let process: Process
    private let output: Pipe

    /// Starts the helper; `opened()` returns once every connection is made.
    init(port: Int, count: Int = 1000, askEvery: Int = 4, waitSeconds: Int = 15) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = ["python3", "-c", Self.script, String(port), String(count), String(askEvery), String(waitSeconds)]
        output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Blocks until the helper says its connections are open; false if it ended first.
    func opened() -> Bool {
        readLine() == "opened"
    }

    /// Blocks until the helper reports (after the server closed everything, or its wait ran out).
    func report() -> Report? {
        guard let line = readLine(),
              let json = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Int] else { return nil }
        process.waitUntilExit()
        return Report(answered: json["answered"] ?? -1, closed: json["closed"] ?? -1, reset: json["reset"] ?? -1,
                      open: json["open"] ?? -1)
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// One line of the helper's stdout, read a byte at a time (lines are few and short).
    private func readLine() -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        let fd = output.fileHandleForReading.fileDescriptor
        while read(fd, &byte, 1) == 1 {
            if byte == 10 { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return nil
    }
}
