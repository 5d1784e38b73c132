import Foundation
import ServiceHarness
import Synchronization
import Testing
import TestSupport

/// The python3 the example runs under, when there is one.
let examplePython: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// The README's example application (`examples/llm-fallback/app.py`, Python's standard library
/// only) answering what no rule matched, with the real binaries: its answer reaches the
/// customer through the simulator's provider. Without a model configured it answers with its
/// fixed note, which is what this checks.
@Suite(.enabled(if: examplePython != nil, "python3 is not installed"))
struct ExampleApplicationTests {
    static var python: String? { examplePython }
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/llm-fallback/app.py").path
    static let secret = "whsec_BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSY="
    static let fallback = "您好，已收到您的消息，人工客服会尽快回复。Thanks, a person will answer you shortly."

    /// Starts the example on a port of its choosing and reads the port from its first line.
    static func startApplication() async throws -> (ChildProcess, Int) {
        let output = Mutex("")
        let process = try ChildProcess(executable: try #require(python), arguments: [script, "--port", "0"],
                                       environment: ["WXHOOK_SECRET": secret, "PATH": "/usr/bin:/bin"],
                                       stdout: .stream { data in output.withLock { $0 += String(decoding: data, as: UTF8.self) } })
        var port: Int?
        _ = await eventually {
            port = output.withLock { text in
                text.split(separator: "\n").first { $0.hasPrefix("listening on ") }?.split(separator: ":").last.flatMap { Int($0) }
            }
            return port != nil
        }
        guard let port else {
            process.signal(SIGKILL)
            throw HarnessFailure("the example application did not start: \(output.withLock { $0 })")
        }
        return (process, port)
    }

    @Test func theExampleAnswersWhatNoRuleMatched() async throws {
        let (application, port) = try await Self.startApplication()
        defer {
            application.signal(SIGKILL)
            _ = application.waitForExit()
        }
        let settings = TestSettings.endToEnd {
            $0.accounts = [.shop]
            $0.rules = ["shop.json": #"""
                {"rules": [{"name": "price", "keywords": ["价格"], "reply": {"messages": [{"type": "text", "text": "99 元"}]}}],
                 "default": {"forward": "llm", "reply_within_s": 30}}
                """#]
            $0.forwardJSON = #"[{"name":"llm","url":"http://127.0.0.1:\#(port)/reply","secret":"\#(Self.secret)","events":[]}]"#
        }
        try await TestService.with(settings) { world in
            for text in ["价格", "你们周末营业吗"] {
                let answer = try await world.inbound(provider: "botadmin", account: "shop", conversation: "c1", sender: "u1",
                                                     text: text)
                #expect(answer.status == 200, "\(answer.text)")
            }
            let texts = { try await world.sentRequests().compactMap { $0.body["text"]?["content"]?.stringValue } }
            #expect(try await eventually(within: 20) { try await texts().count >= 2 }, "\(world.serviceLog)")
            try await world.waitUntilSettled(timeout: 10)
            #expect(try await texts().sorted() == ["99 元", Self.fallback].sorted())
            let forwards = try await world.client.get("/api/forwards?subscription=llm").items
            #expect(forwards.count == 1 && forwards.first?["state"]?.stringValue == "delivered")
            #expect(forwards.first?["reply_error"] == .null)
        }
    }
}
