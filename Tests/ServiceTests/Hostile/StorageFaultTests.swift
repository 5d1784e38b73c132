import Foundation
import ServiceHarness
import TestSupport
import Testing

/// The database fails under the running service: locked by another process, disk full, file size
/// limit, files made unwritable. Webhooks must be answered 503 with a JSON error while it lasts,
/// the service must recover by itself once the fault is gone, and nothing half-written may stay:
/// every event answered 200 is stored (its redelivery is a duplicate of the same event), and no
/// event answered 503 is (its redelivery is new).
@Suite(.serialized) struct StorageFaultTests {
    @Test func lockedPastTheBusyTimeoutAnswers503AndRecoversOnRelease() async throws {
        try await TestService.with(.hostile()) { child in
            var ledger = Ledger(child: child, tag: "lock")
            try await ledger.post(0..<3)
            try #require(ledger.refused.isEmpty)

            let lock = try await LockHolder.hold(child.databasePath)
            async let health = child.client.get("/health")
            let answer = try await child.client.post("/hooks/botadmin/shop", body: TestService.webhook(3, tag: "lock"))
            let degraded = try await health
            let probed = await HealthProbe.status(port: child.port)
            await lock.release()

            #expect(answer.status == 503)
            #expect(answer.json["ok"]?.boolValue == false)
            #expect((answer.json["error"]?.stringValue)?.contains("locked") == true, "error: \(answer.text)")
            #expect(degraded.status == 503)
            #expect(degraded.json["status"]?.stringValue == "degraded")
            #expect(probed == 503, "/health must say degraded within 1 s while the lock is held")
            if answer.status == 503 { ledger.refused.append(3) }

            // Released: the next webhook goes through without anyone restarting anything.
            try await ledger.post(4..<5)
            #expect(ledger.refused == [3])
            try await ledger.expectNothingHalfWritten()
            #expect(try await child.client.get("/health").status == 200)
        }
    }

    @Test(.enabled(if: TmpfsMount.isAvailable, "mounting a tmpfs needs root (CAP_SYS_ADMIN)"))
    func diskFullAnswers503AndRecoversWhenSpaceIsFreed() async throws {
        let disk = try TmpfsMount(sizeKiB: 8192)
        defer { disk.remove() }
        try await TestService.with(.hostile { $0.databasePath = disk.path + "/wxhook.sqlite" }) { child in
            var ledger = Ledger(child: child, tag: "full")
            try await ledger.post(0..<5)
            try #require(ledger.refused.isEmpty)

            try await offPool { try disk.fill(leaving: 48 * 1024) }
            try await ledger.postUntilRefused(from: 5)
            #expect(!ledger.refused.isEmpty, "no webhook was refused on a full disk")
            for error in ledger.errors { #expect(error.contains("full"), "error: \(error)") }
            // Small writes may still fit in space the database already holds, so /health can be
            // either; when degraded it must say so.
            let health = try await child.client.get("/health")
            #expect(health.status == 200 || health.json["status"]?.stringValue == "degraded")

            disk.removeFiller()
            let before = ledger.refused.count
            try await ledger.post(1000..<1001)
            #expect(ledger.refused.count == before, "the first webhook after freeing space must be stored")
            try await ledger.expectNothingHalfWritten()
            #expect(try await child.client.get("/health").status == 200)
            #expect(child.isRunning)
        }
    }

    @Test func fileSizeLimitAnswers503AndRecoversWhenLifted() async throws {
        try await TestService.with(.hostile { $0.ignoresFileSizeSignal = true }) { child in
            var ledger = Ledger(child: child, tag: "fsize")
            try await ledger.post(0..<5)
            try #require(ledger.refused.isEmpty)

            let sizes = ["", "-wal"].compactMap {
                (try? FileManager.default.attributesOfItem(atPath: child.databasePath + $0))?[.size] as? Int
            }
            try #require(ProcessProbe.setFileSizeLimit(of: child.pid, to: (sizes.max() ?? 0) + 48 * 1024))
            try await ledger.postUntilRefused(from: 5)
            #expect(!ledger.refused.isEmpty, "no webhook was refused past the file size limit")
            for error in ledger.errors { #expect(error.contains("event not stored"), "error: \(error)") }
            #expect(child.isRunning, "a write past the limit must fail, not kill the process")

            try #require(ProcessProbe.setFileSizeLimit(of: child.pid, to: nil))
            let before = ledger.refused.count
            try await ledger.post(1000..<1001)
            #expect(ledger.refused.count == before, "the first webhook after lifting the limit must be stored")
            try await ledger.expectNothingHalfWritten()
            #expect(try await child.client.get("/health").status == 200)
        }
    }

    @Test(.enabled(if: ImmutableFiles.isAvailable, "needs root and a temp folder whose file system has chattr +i"))
    func unwritableDatabaseAnswers503AndHealthDegradedUntilRestored() async throws {
        try await TestService.with(.hostile()) { child in
            var ledger = Ledger(child: child, tag: "ro")
            try await ledger.post(0..<3)
            try #require(ledger.refused.isEmpty)

            let files = [child.databasePath, child.databasePath + "-wal"]
            try #require(try await offPool { ImmutableFiles.set(files, immutable: true) })
            do {
                try await ledger.post(3..<5)
                let health = try await child.client.get("/health")
                _ = try await offPool { ImmutableFiles.set(files, immutable: false) }

                #expect(ledger.refused == [3, 4])
                for error in ledger.errors { #expect(error.contains("event not stored"), "error: \(error)") }
                #expect(health.status == 503)
                #expect(health.json["status"]?.stringValue == "degraded")
                #expect(health.json["database"]?.stringValue != "ok")
            } catch {
                _ = try? await offPool { ImmutableFiles.set(files, immutable: false) }
                throw error
            }
            try await ledger.post(5..<6)
            #expect(ledger.refused == [3, 4], "the first webhook after restoring the files must be stored")
            try await ledger.expectNothingHalfWritten()
            #expect(try await child.client.get("/health").status == 200)
        }
    }
}

/// What the service answered to each webhook of a test: stored (with its event id) or refused.
struct Ledger {
    let child: TestService
    let tag: String
    var stored: [Int: String] = [:]
    var refused: [Int] = []
    /// The `error` of every 503.
    var errors: [String] = []

    init(child: TestService, tag: String) {
        self.child = child
        self.tag = tag
    }

    /// Posts webhooks `numbers` four at a time (so the writer batches them); records the answers.
    mutating func post(_ numbers: Range<Int>) async throws {
        let client = child.client, tag = tag
        let answers = try await withThrowingTaskGroup(of: (Int, WebClient.Answer).self) { group in
            var answers: [(Int, WebClient.Answer)] = []
            for (index, n) in numbers.enumerated() {
                if index >= 4, let answer = try await group.next() { answers.append(answer) }
                group.addTask { (n, try await client.post("/hooks/botadmin/shop", body: TestService.webhook(n, tag: tag))) }
            }
            for try await answer in group { answers.append(answer) }
            return answers
        }
        for (n, answer) in answers.sorted(by: { $0.0 < $1.0 }) {
            switch answer.status {
            case 200:
                #expect(answer.json["duplicate"]?.boolValue == false, "webhook \(n) was new")
                stored[n] = answer.json["event_id"]?.stringValue
            case 503:
                #expect(answer.json["ok"]?.boolValue == false, "503 body: \(answer.text)")
                errors.append(answer.json["error"]?.stringValue ?? "(no JSON error) \(answer.text)")
                refused.append(n)
            default:
                Issue.record("webhook \(n): unexpected \(answer.status) \(answer.text)")
            }
        }
    }

    /// Posts batches of four from `first` on until some are refused (at most 400 webhooks).
    mutating func postUntilRefused(from first: Int) async throws {
        var n = first
        while refused.isEmpty, n < first + 400 {
            try await post(n..<(n + 4))
            n += 4
        }
    }

    /// Redelivers every webhook: stored ones are duplicates of the very event acknowledged,
    /// refused ones were never stored and are new now.
    func expectNothingHalfWritten() async throws {
        for (n, id) in stored.sorted(by: { $0.key < $1.key }) {
            let again = try await child.client.post("/hooks/botadmin/shop", body: TestService.webhook(n, tag: tag))
            #expect(again.json["duplicate"]?.boolValue == true, "webhook \(n) answered 200 as \(id) was not stored")
            #expect(again.json["event_id"]?.stringValue == id)
        }
        for n in refused {
            let again = try await child.client.post("/hooks/botadmin/shop", body: TestService.webhook(n, tag: tag))
            #expect(again.status == 200)
            #expect(again.json["duplicate"]?.boolValue == false, "webhook \(n) answered 503 was stored anyway")
        }
    }
}
