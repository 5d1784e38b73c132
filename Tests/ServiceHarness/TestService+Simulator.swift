import Foundation
import JSON

// The simulator's controls (`/sim/inbound`, `/sim/faults`, `/sim/log`, `/sim/callbacks`,
// `/sim/stats`), and waiting on what it saw.
extension TestService {
    /// Makes the simulator deliver an inbound message to the service, as the provider would.
    package func inbound(provider: String, account: String, conversation: String, sender: String, text: String,
                         extra: String = "") async throws -> WebClient.Answer {
        let body = #"{"provider":"\#(provider)","account":"\#(account)","conversation":"\#(conversation)","sender":"\#(sender)","text":"\#(text)"\#(extra)}"#
        return try await sim.client.post("/sim/inbound", body: body)
    }

    /// `POST /sim/faults` with any subset of the knobs.
    package func faults(_ knobs: [String: Any]) async throws {
        let answer = try await sim.client.send("POST", "/sim/faults", body: try JSONSerialization.data(withJSONObject: knobs),
                                               contentType: "application/json")
        guard answer.status == 200 else { throw HarnessFailure("POST /sim/faults answered \(answer.status): \(answer.text)") }
    }

    package func simStats() async throws -> [String: Int] {
        let answer = try await sim.client.get("/sim/stats")
        return (answer.json.objectValue?.dictionary ?? [:]).compactMapValues(\.intValue)
    }

    /// Every request the simulator logged (its own controls are not logged), oldest first.
    package func simLog() async throws -> [SimRequest] {
        try await sim.client.get("/sim/log").items.map(SimRequest.init)
    }

    /// The sends the simulator received (provider POSTs, not the service's conversation-list
    /// lookups), in order.
    package func sentRequests() async throws -> [SimRequest] {
        try await simLog().filter { $0.provider != nil && $0.method == "POST" }
    }

    /// Every callback the simulator has posted or given up on, oldest first.
    package func simCallbacks() async throws -> [SimCallback] {
        try await sim.client.get("/sim/callbacks").items.map { item in
            SimCallback(event: item["event"]?.stringValue ?? "", apiSendID: item["api_send_id"]?.stringValue,
                        delivered: item["delivered"]?.boolValue ?? false)
        }
    }

    /// Waits until at least `count` send requests have reached the simulator.
    package func waitForRequests(_ count: Int, timeout: Double = 20) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while try await simLog().filter({ $0.method == "POST" }).count < count {
            guard Date() < deadline else { throw HarnessFailure("fewer than \(count) requests reached the simulator") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
