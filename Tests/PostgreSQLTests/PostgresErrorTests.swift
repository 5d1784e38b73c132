import PostgreSQL
import Testing
import TestSupport

/// What the server refuses comes back typed, with its SQLSTATE; a connection that cannot be
/// opened says why in one line without the password.
@Suite(.postgres) struct PostgresErrorTests {
    @Test func aServerErrorCarriesItsSQLState() throws {
        let (url, drop) = try TestPostgres.database()
        defer { drop() }
        let connection = try PostgresConnection.connect(url)
        defer { connection.close() }
        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT * FROM no_such_table") }
        #expect(error?.sqlState == "42P01")
        #expect(error?.description.contains("no_such_table") == true)
        #expect(error?.isRetryable == false)
        let syntax = #expect(throws: PostgresError.self) { try connection.execute(script: "CREATE TABLE (;") }
        #expect(syntax?.sqlState == "42601")
        // The connection is still usable after an error.
        #expect(try connection.query("SELECT 1").first?.int(0) == 1)
    }

    @Test func aUniqueViolationIsRecognised() throws {
        let (url, drop) = try TestPostgres.database()
        defer { drop() }
        let connection = try PostgresConnection.connect(url)
        defer { connection.close() }
        try connection.execute(script: "CREATE TABLE keys (k text PRIMARY KEY)")
        try connection.query("INSERT INTO keys (k) VALUES ($1)", ["a"])
        let error = #expect(throws: PostgresError.self) { try connection.query("INSERT INTO keys (k) VALUES ($1)", ["a"]) }
        #expect(error?.isUniqueViolation == true)
        #expect(error?.sqlState == "23505")
        if case .server(_, _, let detail) = error { #expect(detail?.contains("(k)=(a)") == true) }
        #expect(!(error?.description.contains("\n") ?? true))
    }

    @Test func aStatementOverItsTimeoutIsCancelled() async throws {
        let (url, drop) = try TestPostgres.database()
        defer { drop() }
        let client = try PostgresClient(url: url, connections: 1, statementTimeoutMs: 100)
        let error = await #expect(throws: PostgresError.self) {
            try await client.run { connection in try connection.query("SELECT pg_sleep(30)") }
        }
        #expect(error?.sqlState == "57014")
        #expect(error?.isRetryable == true)
        #expect(try await client.run { try $0.query("SELECT 2").first?.int(0) } == 2)
        await client.close()
    }

    @Test func aWrongPasswordIsOneLineWithoutThePassword() throws {
        let (url, drop) = try TestPostgres.database()
        defer { drop() }
        let admin = try TestPostgres.administrator()
        defer { admin.close() }
        let role = "r_" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        try admin.query("CREATE ROLE \(role) LOGIN PASSWORD 'right-Secret-1'")
        defer { _ = try? admin.query("DROP ROLE IF EXISTS \(role)") }
        let host = try #require(url.connectionString.split(separator: "?").last.map(String.init))
        let right = try PostgresURL("postgresql://\(role):right-Secret-1@/\(url.database)?\(host)")
        let connection = try PostgresConnection.connect(right)
        #expect(try connection.query("SELECT current_user").first?.text(0) == role)
        connection.close()

        for wrong in ["postgresql://\(role):wrong-Secret-9@/\(url.database)?\(host)",
                      "postgresql://\(role)@/\(url.database)?\(host)&password=wrong-Secret-9"] {
            let error = #expect(throws: PostgresError.self) { try PostgresConnection.connect(try PostgresURL(wrong)) }
            let text = error?.description ?? ""
            #expect(text.contains("password authentication failed"), "\(text)")
            #expect(!text.contains("wrong-Secret-9") && !text.contains("\n"), "\(text)")
            #expect(text.hasPrefix("database postgresql://\(role)"), "\(text)")
            let client = #expect(throws: PostgresError.self) { try PostgresClient(url: try PostgresURL(wrong), connections: 2) }
            #expect(client?.description == text)
        }
    }

    @Test func anUnreachableServerIsOneLineWithoutThePassword() throws {
        let missing = try PostgresURL("postgresql://wx:hidden-Secret-7@/wxhook?host=/nonexistent/wxhook-test-socket")
        let error = #expect(throws: PostgresError.self) { try PostgresConnection.connect(missing, timeoutS: 2) }
        let text = error?.description ?? ""
        #expect(text.hasPrefix("database postgresql://wx:***@/wxhook?host=/nonexistent/wxhook-test-socket: "), "\(text)")
        #expect(text.contains("No such file or directory"), "\(text)")
        #expect(!text.contains("hidden-Secret-7") && !text.contains("\n"), "\(text)")
        #expect(error?.isConnectionLoss == false)
    }
}
