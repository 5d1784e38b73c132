import PostgreSQL
import Testing
import TestSupport

/// Every kind of parameter goes to the server and comes back unchanged, through a table and as a
/// bare `$n`.
@Suite(.postgres) struct PostgresValueTests {
    @Test func everyTypeRoundTripsThroughATable() throws {
        let (url, drop) = try TestPostgres.database()
        defer { drop() }
        let connection = try PostgresConnection.connect(url)
        defer { connection.close() }
        try connection.execute(script: """
            CREATE TABLE samples (id bigint PRIMARY KEY, t text, i bigint, d double precision, b boolean, y bytea);
            CREATE TABLE other (id integer);
            """)
        let bytes = (0...255).map(UInt8.init) + [0, 0, 92, 120]
        let samples: [[PostgresValue]] = [
            [1, "plain", 42, 0.1, true, .bytes(bytes)],
            [2, "中文 émoji 🎉 'quotes' \"double\" \\back\\slash\n\ttab", .int(Int64.max), -1.5e300, false, .bytes([])],
            [3, "", .int(Int64.min), .double(.infinity), .bool(true), .bytes([0])],
            [4, nil, nil, nil, nil, nil],
            [5, .text("$1 ; DROP TABLE samples; --"), 0, .double(-.infinity), false, .bytes([255])],
        ]
        for sample in samples {
            let inserted = try connection.query("INSERT INTO samples (id, t, i, d, b, y) VALUES ($1, $2, $3, $4, $5, $6)", sample)
            #expect(inserted.affected == 1)
        }
        let rows = try connection.query("SELECT id, t, i, d, b, y FROM samples ORDER BY id")
        #expect(rows.count == samples.count)
        #expect(rows.columns == ["id", "t", "i", "d", "b", "y"])
        for (row, sample) in zip(rows, samples) {
            #expect(PostgresValue(row.int("id")) == sample[0])
            #expect(PostgresValue(row.text(1)) == sample[1])
            #expect(PostgresValue(row.int(2).map(Int64.init)) == sample[2])
            #expect(PostgresValue(row.double("d")) == sample[3])
            #expect(PostgresValue(row.bool(4)) == sample[4])
            #expect(PostgresValue(row.bytes("y")) == sample[5])
        }
        #expect(rows[3].isNull(1) && rows[3].text("t") == nil && rows[3].bytes(5) == nil)
        #expect(try connection.query("SELECT count(*) FROM samples").first?.int(0) == samples.count)
        #expect(try connection.query("UPDATE samples SET t = $1 WHERE id > $2", ["x", 2]).affected == 3)
        #expect(try connection.query("DELETE FROM samples WHERE id = $1", [99]).affected == 0)
        // An int parameter fits an integer (int4) column as well.
        #expect(try connection.query("INSERT INTO other (id) VALUES ($1)", [7]).affected == 1)
        #expect(try connection.query("SELECT id FROM other WHERE id = $1", [7]).count == 1)
    }

    @Test func bareParametersKeepTheirType() throws {
        let (url, drop) = try TestPostgres.database()
        defer { drop() }
        let connection = try PostgresConnection.connect(url)
        defer { connection.close() }
        let row = try #require(try connection.query(
            "SELECT $1::text AS t, $2 AS i, $3 AS d, $4 AS b, $5 AS y, $6::text AS n, pg_typeof($2)::text AS it",
            ["x", .int(9_007_199_254_740_993), 2.5, true, .bytes([1, 2, 3]), nil]).first)
        #expect(row.text("t") == "x")
        #expect(row.int("i") == 9_007_199_254_740_993)
        #expect(row.double("d") == 2.5)
        #expect(row.bool("b") == true)
        #expect(row.bytes("y") == [1, 2, 3])
        #expect(row.text("n") == nil)
        #expect(row.text("it") == "bigint")
        #expect(row.text("missing") == nil)
        // Text goes as `unknown`: the server reads it as the type the statement needs.
        let json = try connection.query("SELECT ($1::jsonb)->>'k' AS v, $2::timestamptz < now() AS past", [#"{"k":"中"}"#, "2020-01-01T00:00:00Z"])
        #expect(json.first?.text("v") == "中")
        #expect(json.first?.bool("past") == true)
    }
}
