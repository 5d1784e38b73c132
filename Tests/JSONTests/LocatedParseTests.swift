import Testing
import JSON

/// `parseLocated` keeps where every key and value stood, for messages about configuration and
/// rule files ("rules/price.json line 12: unknown match 'contain'").
struct LocatedParseTests {
    static let text = """
        {
          "name": "price",
          "keywords": ["价格", "多少钱"],
          "reply": {
            "type": "text",
            "content": "See https://example.com/price"
          },
          "enabled": true,
          "weight": 2.5,
          "limit": null,
          "name": "price-2"
        }
        """

    @Test func valuesAndKeysCarryTheirLines() throws {
        let root = try JSON.parseLocated(Self.text)
        #expect((root.line, root.column) == (1, 1))
        let members = try #require(root.members)
        #expect(members.map(\.key) == ["name", "keywords", "reply", "enabled", "weight", "limit", "name"])
        #expect(members.map(\.keyLine) == [2, 3, 4, 8, 9, 10, 11])
        #expect(members.allSatisfy { $0.keyColumn == 3 })

        let keywords = try #require(root["keywords"])
        #expect((keywords.line, keywords.column) == (3, 15))
        let second = try #require(keywords[1])
        // Columns count scalars: `  "keywords": ["价格", "` puts the quote at column 22, not byte 26.
        #expect((second.line, second.column) == (3, 22))
        guard case .string("多少钱") = second.kind else {
            Issue.record("expected the second keyword, got \(second.kind)")
            return
        }

        let reply = try #require(root["reply"])
        #expect(reply.line == 4)
        let content = try #require(reply.member("content"))
        #expect(content.keyLine == 6)
        #expect((content.value.line, content.value.column) == (6, 16))
        #expect(try #require(root["weight"]).line == 9)
        #expect(try #require(root["limit"]).column == 12)
    }

    @Test func lookupFindsTheLastMemberWithAKeyLikeJSONObject() throws {
        let root = try JSON.parseLocated(Self.text)
        let name = try #require(root.member("name"))
        #expect(name.keyLine == 11)
        #expect(name.value.value == "price-2")
        #expect(root.value["name"] == "price-2")
    }

    @Test func valueDropsLocationsAndEqualsThePlainParse() throws {
        let located = try JSON.parseLocated(Self.text)
        #expect(located.value == (try JSON.parse(Self.text)))
        #expect(located.typeName == "object")
        #expect(located["missing"] == nil)
        #expect(located[0] == nil)
        #expect(try #require(located["keywords"]).elements?.count == 2)
    }

    @Test func everyNodeKindIsKept() throws {
        let root = try JSON.parseLocated("[null,true,-3,0.5,\"s\",[],{}]")
        let kinds = try #require(root.elements).map { node -> String in
            switch node.kind {
            case .null: "null"
            case .bool(let flag): "bool \(flag)"
            case .int(let number): "int \(number)"
            case .double(let number): "double \(number)"
            case .string(let text): "string \(text)"
            case .array(let elements): "array \(elements.count)"
            case .object(let members): "object \(members.count)"
            }
        }
        #expect(kinds == ["null", "bool true", "int -3", "double 0.5", "string s", "array 0", "object 0"])
        #expect(try #require(root.elements).map(\.column) == [2, 7, 12, 15, 19, 23, 26])
    }

    @Test func scalarDocumentsAndSurroundingWhitespace() throws {
        let node = try JSON.parseLocated("\n\n    42  \n")
        #expect((node.line, node.column) == (3, 5))
        #expect(node.value == 42)
        let fromBytes = try JSON.parseLocated(Array("\"x\"".utf8))
        #expect(fromBytes.value == "x")
    }

    @Test func locatedErrorsCarryLinesToo() {
        #expect {
            try JSON.parseLocated("{\n  \"a\": [1, 2,]\n}")
        } throws: { error in
            (error as? JSONError)?.description == "line 2, column 14: trailing comma before ']'"
        }
    }
}
