import Core
import HTTP
import HTTPClient
import JSON
import Providers
import Server
@testable import Simulator
import Synchronization
import Testing

/// Stands in for wxhook: records what arrives and answers like the service does.
final class Receiver: Sendable {
    final class Inbox: Sendable {
        let requests = Mutex<[(path: String, query: String?, body: [UInt8])]>([])
    }

    let inbox = Inbox()
    let server: HTTPServer

    /// `statuses` are the answers to the first requests, in order; 200 after them. `delayMs`
    /// holds every answer back that long.
    init(statuses: [Int] = [], delayMs: Int = 0) {
        let inbox = self.inbox
        server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, loopCount: 1)) { request in
            let count = inbox.requests.withLock { requests in
                requests.append((request.path, request.query, request.body))
                return requests.count
            }
            if delayMs > 0 { try? await Task.sleep(for: .milliseconds(delayMs)) }
            let status = count <= statuses.count ? statuses[count - 1] : 200
            return .json(HTTPStatus(code: status), Array(#"{"ok":true,"event_id":"e_1","duplicate":false}"#.utf8))
        }
    }

    var bodies: [(path: String, query: String?, body: [UInt8])] { inbox.requests.withLock { $0 } }

    var events: [JSONValue] { bodies.compactMap { try? JSON.parse($0.body) } }
}

/// Over real sockets: the simulator on port 0, and a small HTTPServer standing in for wxhook.
@Suite struct SimulatorServerLiveTests {
    static func until(_ seconds: Double = 30, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }

    @Test func aYunzhenjiSendIsEchoedToTheCallbackURL() async throws {
        let receiver = Receiver()
        let callbackPort = try receiver.server.start()
        let account = Account(name: "sales", baseURL: "http://127.0.0.1:1",
                              credentials: .yunzhenji(appID: "app-1", accessToken: Secret("yzj-token"), wxid: "16888",
                                                      callbackToken: Secret("cb-token")))
        let simulator = SimulatorServer(configuration: SimulatorConfiguration(
            port: 0, accounts: [account], callback: "http://127.0.0.1:\(callbackPort)", callbackDelayMs: 0...20, seed: 1))
        let port = try simulator.start()

        var live = account
        live.baseURL = "http://127.0.0.1:\(port)"
        let request = try live.sendRequest(conversation: "7xxx", chat: .private,
                                           items: [OutboundItem(item: .text("您好"), apiSendID: "m9-1-0")])
        let transport = URLSessionTransport()
        let result = await transport.send(request, timeoutMs: 30_000)
        guard case .accepted(let items) = Provider.yunzhenji.outcome(of: result, itemCount: 1),
              case .accepted(let serverID)? = items.first else {
            Issue.record("the send was not accepted: \(result)")
            await simulator.shutdown()
            await receiver.server.shutdown(gracePeriodMs: 100)
            return
        }

        let arrived = await Self.until { !receiver.events.isEmpty }
        #expect(arrived)
        let echo = try #require(receiver.events.first)
        #expect(echo["event"] == "chatMsg")
        #expect(echo["data"]?["api_send_id"] == "m9-1-0")
        #expect(echo["data"]?["api_send_svrid"]?.stringValue == serverID)
        let (path, query) = (receiver.bodies[0].path, receiver.bodies[0].query)
        #expect(path == "/hooks/yunzhenji/sales")
        #expect(query == "token=cb-token")
        #expect(await Self.until { (try? Sim.stats(simulator.core))?["callbacks_delivered"] == 1 })

        await simulator.shutdown()
        await receiver.server.shutdown(gracePeriodMs: 100)
    }

    @Test func simInboundDeliversTheWebhookAndReportsTheAnswer() async throws {
        let receiver = Receiver()
        let callbackPort = try receiver.server.start()
        let simulator = SimulatorServer(configuration: SimulatorConfiguration(port: 0, callback: "http://127.0.0.1:\(callbackPort)"))
        let port = try simulator.start()

        let inbound = ProviderRequest(method: "POST", url: "http://127.0.0.1:\(port)/sim/inbound",
                                      body: Array(#"{"provider":"botadmin","account":"shop","conversation":"c1","sender":"u1","text":"价格","secret":"s"}"#.utf8))
        let result = await URLSessionTransport().send(inbound, timeoutMs: 30_000)
        guard case .answer(let status, let body) = result else {
            Issue.record("no answer: \(result)")
            await simulator.shutdown()
            await receiver.server.shutdown(gracePeriodMs: 100)
            return
        }
        #expect(status == 200)
        let answer = try JSON.parse(body)
        #expect(answer["status"] == 200)
        #expect(answer["answer"]?["event_id"] == "e_1")
        // Delivered before the answer: no waiting needed.
        #expect(receiver.events.first?["text"]?["content"] == "价格")
        #expect(receiver.bodies.first?.path == "/hooks/botadmin/shop")

        await simulator.shutdown()
        await receiver.server.shutdown(gracePeriodMs: 100)
    }

    @Test func aTransportFailureIsReportedWithoutTheURLsSecrets() async throws {
        // Port 1 on loopback: nothing listens there, so the connection is refused.
        let request = ProviderRequest(method: "POST", url: "http://127.0.0.1:1/api/send?secret=abc", body: [])
        let result = await URLSessionTransport().send(request, timeoutMs: 30_000)
        guard case .failure(let reason) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(!reason.contains("abc"))
        #expect(Provider.botadmin.outcome(of: result, itemCount: 1) == .retryable(reason))
    }

    @Test func aCallbackIsRetriedAfter5xxButNotAfter4xx() async throws {
        let receiver = Receiver(statuses: [503, 200, 401])
        let callbackPort = try receiver.server.start()
        let simulator = SimulatorServer(configuration: SimulatorConfiguration(
            port: 0, callback: "http://127.0.0.1:\(callbackPort)", callbackDelayMs: 0...0))
        let port = try simulator.start()
        let body = #"{"app_id":"a","access_token":"t","wxid":"w","target_wxid":"7","messages":[{"msg_type":"text","content":{"items":[{"type":"text","text":"x"}]},"api_send_id":"i1"}]}"#
        let send = ProviderRequest(method: "POST", url: "http://127.0.0.1:\(port)/wechat/sendMessage", body: Array(body.utf8))
        let transport = URLSessionTransport()
        _ = await transport.send(send, timeoutMs: 30_000)
        #expect(await Self.until { (try? Sim.stats(simulator.core))?["callbacks_delivered"] == 1 })
        try #require(receiver.bodies.count == 2)
        #expect(receiver.bodies.map(\.body)[0] == receiver.bodies.map(\.body)[1])

        _ = await transport.send(send, timeoutMs: 30_000)
        #expect(await Self.until { (try? Sim.stats(simulator.core))?["callbacks_failed"] == 1 })
        #expect(receiver.bodies.count == 3)

        await simulator.shutdown()
        await receiver.server.shutdown(gracePeriodMs: 100)
    }

    @Test func aSlowAnswerEndsAtTheRequestsDeadline() async throws {
        let receiver = Receiver(delayMs: 3_000)
        let port = try receiver.server.start()
        let request = ProviderRequest(method: "POST", url: "http://127.0.0.1:\(port)/api/send?secret=abc", body: [])
        let result = await URLSessionTransport().send(request, timeoutMs: 200)
        #expect(result == .failure("timed out after 200 ms"))
        await receiver.server.shutdown(gracePeriodMs: 100)
    }
}
