import Foundation
import JSON
import Testing
@testable import Service

@Suite struct AdminIdempotencyTests {
    static let body = #"{"targets":[{"provider":"yunzhenji","account":"sales","conversation":"7xxx"},{"provider":"wecom","account":"ops","conversation":"r"}],"messages":[{"type":"text","text":"once"}]}"#

    @Test func aRepeatReturnsTheFirstAnswerAndCreatesNothing() async throws {
        try await AdminServer.with { server async throws in
            let key = ["Idempotency-Key": "order-\(UUID().uuidString)"]
            let first = try await server.post("/api/send", Self.body, headers: key)
            #expect(first.status == 202)
            server.clock.advance(60)
            let again = try await server.post("/api/send", Self.body, headers: key)
            #expect(again.status == 202)
            #expect(again.json == first.json)
            #expect(try await server.messageCount() == 2)
        }
    }

    @Test func theSameKeyWithAnotherBodyIs409() async throws {
        try await AdminServer.with { server async throws in
            let key = ["Idempotency-Key": "k-\(UUID().uuidString)"]
            #expect(try await server.post("/api/send", Self.body, headers: key).status == 202)
            let other = Self.body.replacingOccurrences(of: "once", with: "twice")
            let conflict = try await server.post("/api/send", other, headers: key)
            #expect(conflict.status == 409)
            #expect(conflict.error?.contains("Idempotency-Key") == true)
            #expect(try await server.messageCount() == 2)
        }
    }

    @Test func differentKeysCreateAgain() async throws {
        try await AdminServer.with { server async throws in
            #expect(try await server.post("/api/send", Self.body, headers: ["Idempotency-Key": "a"]).status == 202)
            #expect(try await server.post("/api/send", Self.body, headers: ["Idempotency-Key": "b"]).status == 202)
            #expect(try await server.post("/api/send", Self.body).status == 202)
            #expect(try await server.messageCount() == 6)
        }
    }

    @Test func concurrentRepeatsCreateOnce() async throws {
        try await AdminServer.with { server async throws in
            let key = ["Idempotency-Key": "race-\(UUID().uuidString)"]
            let answers = try await withThrowingTaskGroup(of: AdminAnswer.self) { group in
                for _ in 0..<12 {
                    group.addTask { try await server.post("/api/send", Self.body, headers: key) }
                }
                return try await group.reduce(into: [AdminAnswer]()) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0.status == 202 })
            #expect(Set(answers.map(\.json)).count == 1)
            #expect(try await server.messageCount() == 2)
            #expect(server.wakes.value == 1)
        }
    }
}
