import Testing
import JSON

/// Errors name the 1-based line and column (in Unicode scalars) where the text went wrong.
struct ErrorLocationTests {
    func failure(_ text: String) -> JSONError? {
        do {
            _ = try JSON.parse(text)
            return nil
        } catch {
            return error
        }
    }

    func failure(bytes: [UInt8]) -> JSONError? {
        do {
            _ = try JSON.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func missingCommaInAMultiLineFileNamesTheNextKey() throws {
        let text = """
            {
              "a": 1
              "b": 2
            }
            """
        let error = try #require(failure(text))
        #expect(error.line == 3)
        #expect(error.column == 3)
        #expect(error.message == "expected ',' or '}'")
        #expect(error.description == "line 3, column 3: expected ',' or '}'")
        #expect(error.offset == 13)
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let error = try #require(failure(#"{"k":"你好",x}"#))
        #expect(error.line == 1)
        #expect(error.column == 11)
        #expect(error.offset == 14)
    }

    @Test func emptyInputIsLineOneColumnOne() throws {
        let error = try #require(failure(""))
        #expect((error.line, error.column) == (1, 1))
        #expect(error.message == "empty input")
    }

    @Test func endOfInputPointsPastTheLastCharacter() throws {
        let error = try #require(failure("[1,\n  2"))
        #expect((error.line, error.column) == (2, 4))
        #expect(error.message == "expected ',' or ']' but the input ended")
    }

    @Test func unterminatedStringPointsAtItsOpeningQuote() throws {
        let error = try #require(failure("{\n  \"name\": \"abc"))
        #expect((error.line, error.column) == (2, 11))
        #expect(error.message.hasPrefix("unterminated string"))
    }

    @Test func lineBreakInAStringPointsAtTheEndOfThatLine() throws {
        let error = try #require(failure("{\n  \"name\": \"abc\n}"))
        #expect((error.line, error.column) == (2, 15))
        #expect(error.message.hasPrefix("line break inside a string"))
    }

    @Test func controlCharacterInsideAStringPointsAtIt() throws {
        // The raw newline inside the string is the error, on line 1 (it is what starts line 2).
        let error = try #require(failure("[\"ab\ncd\"]"))
        #expect((error.line, error.column) == (1, 5))
    }

    @Test func invalidUTF8NamesTheByteOffsetAndItsColumn() throws {
        let bytes: [UInt8] = Array("{\n \"é\": \"".utf8) + [0xC3, 0x28] + Array("\"}".utf8)
        let error = try #require(failure(bytes: bytes))
        #expect(error.message == "invalid UTF-8 at byte offset 10")
        #expect((error.line, error.column) == (2, 8))
        #expect(error.offset == 10)
    }

    @Test func escapeErrorsPointAtTheBackslash() throws {
        let error = try #require(failure("\n\n  \"ab\\uZZZZ\""))
        #expect((error.line, error.column) == (3, 6))
        let lone = try #require(failure(#"["x\uDE00"]"#))
        #expect((lone.line, lone.column) == (1, 4))
    }

    @Test func numberErrorsPointAtTheNumberOrTheMissingDigit() throws {
        let leading = try #require(failure("[\n 007]"))
        #expect((leading.line, leading.column) == (2, 2))
        let fraction = try #require(failure("[1.]"))
        #expect((fraction.line, fraction.column) == (1, 4))
        let huge = try #require(failure("  -1e999"))
        #expect((huge.line, huge.column) == (1, 3))
    }

    @Test func trailingContentPointsAtIt() throws {
        let error = try #require(failure("{}\n\n   x"))
        #expect((error.line, error.column) == (3, 4))
    }

    @Test func tooDeepPointsAtTheBracketThatCrossesTheLimit() throws {
        let text = String(repeating: "[", count: 200)
        let error = try #require(failure(text))
        #expect((error.line, error.column) == (1, 129))
        #expect(error.message == "nesting deeper than \(JSON.maxDepth) levels")
    }

    @Test func fullWidthPunctuationIsNamed() throws {
        let error = try #require(failure("{\"a\": 1，\"b\": 2}"))
        #expect((error.line, error.column) == (1, 8))
        #expect(error.message == "expected ',' or '}', found '，' (U+FF0C): JSON punctuation is ASCII")
    }

    @Test func crlfLineEndingsCountOneLineEach() throws {
        let error = try #require(failure("{\r\n\"a\": 1,\r\n}"))
        #expect((error.line, error.column) == (3, 1))
        #expect(error.message == "trailing comma before '}'")
    }
}
