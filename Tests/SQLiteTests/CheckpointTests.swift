import Glibc
import SQLite
import Testing

@Suite struct CheckpointTests {
    let directory: TemporaryDirectory
    var path: String { directory.file("test.sqlite") }

    init() throws { directory = try TemporaryDirectory() }

    /// The WAL's size in pages (frames), from its file.
    func walFrames() -> Int {
        var info = stat()
        guard stat(path + "-wal", &info) == 0 else { return 0 }
        return max(0, Int(info.st_size) - 32) / (4096 + 24)
    }

    /// Commits that together write far more pages than the WAL may hold: the checkpoint thread
    /// copies them back beside the writer, the writer copies the rest between two batches once
    /// the WAL is long, and the WAL starts over instead of growing — with every row committed.
    @Test func walIsCopiedBackBesideTheWriterAndStartsOver() async throws {
        let writer = try DatabaseWriter(path: path, migrations: [
            Migration(version: 1, sql: "CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB NOT NULL)"),
        ])
        let commits = 6_000
        var longest = 0
        for i in 0..<commits {
            // About three pages a commit: 18,000 frames in all, several times the catch-up mark.
            try await writer.write { db in try db.run("INSERT INTO t(body) VALUES (zeroblob(8000))") }
            if i % 100 == 0 { longest = max(longest, walFrames()) }
        }
        longest = max(longest, walFrames())
        let stats = writer.stats
        await writer.close()
        #expect(longest < 2 * 4_000, "the WAL grew to \(longest) frames")
        #expect(stats.checkpoints > 0 && stats.failedCheckpoints == 0)
        #expect(try Connection(path: path, readOnly: true).queryOne("SELECT count(*) FROM t")?.int(0) == commits)
    }
}
