import Testing

@Suite struct MutatorTests {
    private static let seeds: [[UInt8]] = [Array("POST / HTTP/1.1\r\nContent-Length: 12\r\n\r\n{\"a\":[1,2]}".utf8),
                                           Array(#"{"text":"hello","n":3.5}"#.utf8)]

    private func inputs(seed: UInt64, count: Int) -> [[UInt8]] {
        var mutator = Mutator(seeds: Self.seeds, words: InterestingBytes.http, seed: seed)
        return (0..<count).map { _ in mutator.next() }
    }

    @Test func theSameSeedMakesTheSameInputs() {
        #expect(inputs(seed: 1, count: 300) == inputs(seed: 1, count: 300))
        #expect(inputs(seed: 1, count: 300) != inputs(seed: 2, count: 300))
    }

    @Test func mutationsReachTheEdgeCasesAndStayUnderTheLengthLimit() {
        let made = inputs(seed: 3, count: 5000)
        func some(_ predicate: ([UInt8]) -> Bool) -> Bool { made.contains(where: predicate) }
        func containing(_ text: String) -> ([UInt8]) -> Bool {
            { input in input.count >= text.utf8.count && input.indices.contains { input[$0...].starts(with: text.utf8) } }
        }
        #expect(made.allSatisfy { $0.count <= Mutator.maxLength })
        #expect(Set(made).count > 4000)
        #expect(some(containing("18446744073709551616")))
        #expect(some(containing("1e309")))
        #expect(some(containing("\r\r\n")))
        #expect(some { String(validating: $0, as: UTF8.self) == nil })
        #expect(some(containing("\u{FB01}")))
        #expect(some { $0.count > 1000 })
        #expect(some { $0.count < Self.seeds[1].count / 2 })
        #expect(some(containing("Transfer-Encoding: chunked")))
    }

    @Test func theSeedsLendTheirWords() {
        let words = InterestingBytes.words(of: Self.seeds).map { String(decoding: $0, as: UTF8.self) }
        #expect(words.contains("\"text\"") && words.contains("\"hello\"") && words.contains("Content-Length"))
        #expect(words.contains("3.5") && words.contains("HTTP"))
    }
}
