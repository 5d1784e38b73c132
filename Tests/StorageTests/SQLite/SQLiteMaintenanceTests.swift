import Core
import Foundation
import Platform
import SQLite
import Storage
import Synchronization
import Testing

/// Backup and restore of the SQLite file, on real files. Engine-only: the commands copy and
/// replace the engine's own files.
@Suite struct SQLiteMaintenanceTests {
    static let t0 = StoreFixture.t0

    /// A fresh folder with `store.sqlite` in it, removed afterwards.
    struct Place {
        let folder = NSTemporaryDirectory() + "wxhook-maintenance-\(UUID().uuidString)"
        var database: String { folder + "/store.sqlite" }
        func file(_ name: String) -> String { folder + "/" + name }

        init() throws { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        func remove() { try? FileManager.default.removeItem(atPath: folder) }

        func open(_ path: String? = nil) throws -> SQLiteStore {
            try SQLiteStore.open(path: path ?? database, dedupeWindow: 0)
        }
    }

    static func event(_ n: Int) -> InboundEvent {
        InboundEvent(provider: .yunzhenji, account: "sales", kind: .message, conversation: "c", sender: "s",
                     text: "message \(n)", dedupeKey: DedupeKey(value: "k-\(n)", windowed: false),
                     rawBody: Array("message \(n)".utf8))
    }

    static func eventIDs(in store: SQLiteStore) async throws -> Set<String> {
        Set(try await store.events(matching: EventFilter(), limit: 100_000, offset: 0).items.map(\.id))
    }

    /// What the writers have committed, and the flag that stops them.
    final class Progress: Sendable {
        let committed = Mutex<Set<String>>([])
        let stop = Atomic<Bool>(false)
    }

    static func withPlace(_ body: (Place) async throws -> Void) async throws {
        let place = try Place()
        defer { place.remove() }
        try await body(place)
    }

    @Test func aBackupTakenDuringWritesHoldsEveryEventCommittedBeforeIt() async throws {
        try await Self.withPlace { place in
            let store = try place.open()
            let progress = Progress()
            let before = try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        var n = writer
                        while !progress.stop.load(ordering: .relaxed) {
                            let id = "e_\(n)"
                            _ = try await store.ingest(Self.event(n), id: id, receivedAt: Self.t0 + Double(n), replies: nil)
                            progress.committed.withLock { _ = $0.insert(id) }
                            n += 4
                        }
                    }
                }
                while progress.committed.withLock({ $0.count }) < 400 { try await Task.sleep(for: .milliseconds(5)) }
                let before = progress.committed.withLock { $0 }
                // The writers go on while the copy is taken.
                let report = try await Task.detached {
                    try SQLiteMaintenance(databasePath: place.database).backup(to: place.file("backup.sqlite"))
                }.value
                #expect(report.summary.events >= before.count)
                progress.stop.store(true, ordering: .relaxed)
                try await group.waitForAll()
                return before
            }
            await store.close()
            let backup = try place.open(place.file("backup.sqlite"))
            let inBackup = try await Self.eventIDs(in: backup)
            await backup.close()
            #expect(before.isSubset(of: inBackup), "\(before.subtracting(inBackup).count) committed events missing")
        }
    }

    @Test func aBackupNeverOverwritesAndNamesWhatIsWrong() async throws {
        try await Self.withPlace { place in
            let store = try place.open()
            await store.close()
            let maintenance = SQLiteMaintenance(databasePath: place.database)
            try Data("keep me".utf8).write(to: URL(fileURLWithPath: place.file("taken")))
            #expect(throws: MaintenanceError.targetExists(place.file("taken"))) {
                try maintenance.backup(to: place.file("taken"))
            }
            #expect(try String(contentsOfFile: place.file("taken"), encoding: .utf8) == "keep me")
            #expect(throws: MaintenanceError.folderMissing(place.file("nowhere"))) {
                try maintenance.backup(to: place.file("nowhere/backup.sqlite"))
            }
            #expect(throws: MaintenanceError.databaseMissing(place.file("none.sqlite"))) {
                try SQLiteMaintenance(databasePath: place.file("none.sqlite")).backup(to: place.file("b.sqlite"))
            }
            #expect(throws: MaintenanceError.notWxhookDatabase(path: place.file("taken"), reason: "it is not a SQLite database")) {
                try SQLiteMaintenance(databasePath: place.file("taken")).backup(to: place.file("b.sqlite"))
            }
            #expect(!FileManager.default.fileExists(atPath: place.file("b.sqlite")))
        }
    }

    @Test func restoreReplacesTheDatabaseAndKeepsTheOldOne() async throws {
        try await Self.withPlace { place in
            var store = try place.open()
            _ = try await store.ingest(Self.event(1), id: "e_1", receivedAt: Self.t0, replies: nil)
            await store.close()
            let maintenance = SQLiteMaintenance(databasePath: place.database)
            _ = try maintenance.backup(to: place.file("backup.sqlite"))
            store = try place.open()
            _ = try await store.ingest(Self.event(2), id: "e_2", receivedAt: Self.t0, replies: nil)
            await store.close()

            let report = try maintenance.restore(from: place.file("backup.sqlite"))
            #expect(report.keptAs == place.database + ".before-restore")
            #expect(report.summary.events == 1)
            store = try place.open()
            #expect(try await Self.eventIDs(in: store) == ["e_1"])
            await store.close()
            let kept = try place.open(place.database + ".before-restore")
            #expect(try await Self.eventIDs(in: kept) == ["e_1", "e_2"])
            await kept.close()
        }
    }

    @Test func restoreRefusesWhileAnInstanceHoldsTheDatabase() async throws {
        try await Self.withPlace { place in
            let store = try place.open()
            await store.close()
            let maintenance = SQLiteMaintenance(databasePath: place.database)
            _ = try maintenance.backup(to: place.file("backup.sqlite"))
            let claim = try maintenance.claim()
            #expect(throws: MaintenanceError.inUse(database: place.database, pid: CurrentProcess.id)) {
                try maintenance.restore(from: place.file("backup.sqlite"))
            }
            #expect(throws: MaintenanceError.inUse(database: place.database, pid: CurrentProcess.id)) {
                try maintenance.claim()
            }
            claim.release()
            _ = try maintenance.restore(from: place.file("backup.sqlite"))
        }
    }

    @Test func aDamagedBackupIsRefusedAndNothingIsReplaced() async throws {
        try await Self.withPlace { place in
            let store = try place.open()
            for n in 0..<200 {
                _ = try await store.ingest(Self.event(n), id: "e_\(n)", receivedAt: Self.t0, replies: nil)
            }
            await store.close()
            let maintenance = SQLiteMaintenance(databasePath: place.database)
            _ = try maintenance.backup(to: place.file("backup.sqlite"))
            // Garbage over every page but the first (the header stays readable, the tables do not).
            var bytes = try Data(contentsOf: URL(fileURLWithPath: place.file("backup.sqlite")))
            for index in 4096..<bytes.count { bytes[index] = UInt8(truncatingIfNeeded: index &* 31) }
            try bytes.write(to: URL(fileURLWithPath: place.file("backup.sqlite")))
            let original = try Data(contentsOf: URL(fileURLWithPath: place.database))

            #expect(performing: { try maintenance.restore(from: place.file("backup.sqlite")) }, throws: { error in
                guard let error = error as? MaintenanceError else { return false }
                switch error {
                case .integrity, .notWxhookDatabase: return true
                default: return false
                }
            })
            #expect(try Data(contentsOf: URL(fileURLWithPath: place.database)) == original)
            #expect(!FileManager.default.fileExists(atPath: place.database + ".before-restore"))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: place.folder).filter { $0.contains("partial") }
            #expect(leftovers.isEmpty)
        }
    }

    @Test func aBackupFromANewerWxhookIsRefused() async throws {
        try await Self.withPlace { place in
            let store = try place.open()
            await store.close()
            let maintenance = SQLiteMaintenance(databasePath: place.database)
            _ = try maintenance.backup(to: place.file("backup.sqlite"))
            // As a later wxhook with one more migration would leave it.
            try SQLite.Connection(path: place.file("backup.sqlite")).execute("PRAGMA user_version = 99")
            let known = try SQLite.Connection(path: place.database, readOnly: true).userVersion()
            #expect(throws: MaintenanceError.schemaTooNew(path: place.file("backup.sqlite"), version: 99, newestKnown: known)) {
                try maintenance.restore(from: place.file("backup.sqlite"))
            }
            #expect(!FileManager.default.fileExists(atPath: place.database + ".before-restore"))
        }
    }
}
