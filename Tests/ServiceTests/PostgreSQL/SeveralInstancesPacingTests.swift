import Foundation
import ServiceHarness
import Testing
import TestSupport

/// `pacing.per_account_per_minute` is the account's budget, not each instance's: three `wxhook
/// serve` on one PostgreSQL database, each given sends of one account at once, start at most the
/// budget's items in any 60 seconds between them (each instance alone would start its own full
/// budget at once). Judged from the messages' timelines: the moments their attempts started.
@Suite(.postgres) struct SeveralInstancesPacingTests {
    static let budget = 2
    static let sends = 4

    @Test func threeInstancesShareOneAccountsMinute() async throws {
        let (url, drop) = try TestPostgres.database()
        defer { drop() }
        let settings = TestSettings.endToEnd {
            $0.host = .process
            $0.accounts = [.shop]
            $0.databasePath = url.connectionString
            $0.perAccountPerMinute = Self.budget
        }
        try await TestService.with(settings) { first in
            var others: [WxhookProcess] = []
            for _ in 0..<2 {
                others.append(try await WxhookProcess.start(["serve", "--listen", "127.0.0.1:0"], directory: first.directory.path,
                                                            environment: SeveralInstancesEndToEndTests.environment,
                                                            bearer: first.client.bearer))
            }
            defer { for other in others where other.isRunning { other.kill(SIGKILL) } }
            let clients = [first.client] + others.map(\.client)
            // Every instance is handed its share at once, so each one tries to start what it was given.
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<Self.sends {
                    group.addTask {
                        let body = #"{"targets":[{"provider":"botadmin","account":"shop","conversation":"pace-\#(index)"}],"#
                            + #""messages":[{"type":"text","text":"限速 \#(index)"}]}"#
                        let answer = try await clients[index % clients.count].send(
                            "POST", "/api/send", body: Data(body.utf8), contentType: "application/json")
                        guard answer.status == 202, let id = answer.json["messages"]?[0]?["id"]?.stringValue else {
                            throw HarnessFailure("POST /api/send answered \(answer.status): \(answer.text)")
                        }
                        return id
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // Half go at once, the rest once the first ones are a minute old.
            let deadline = Date().addingTimeInterval(240)
            var views = try await first.details(of: ids)
            while !views.allSatisfy(\.isFinal), Date() < deadline {
                try await Task.sleep(for: .milliseconds(500))
                views = try await first.details(of: ids)
            }
            #expect(views.allSatisfy { $0.isFinal }, "\(views.filter { !$0.isFinal }.map(\.story))")
            let starts = views.flatMap { ($0.timeline ?? []).filter { $0.to == "sending" }.map(\.time) }.sorted()
            #expect(starts.count == Self.sends, "\(views.map(\.story))")
            // At most `budget` starts in any 60 s: a start and the `budget`-th after it are a minute apart.
            for (start, later) in zip(starts, starts.dropFirst(Self.budget)) {
                #expect(later - start >= 59.99, "attempts started at \(starts): more than \(Self.budget) within 60 s")
            }
            let received = try await first.simLog().filter { $0.path == "/api/send" }.count
            #expect(received == Self.sends)
            for other in others where other.isRunning { _ = await other.stop() }
        }
    }
}
