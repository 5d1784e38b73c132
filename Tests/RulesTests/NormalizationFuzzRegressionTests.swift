import Testing
@testable import Rules

/// Caught by fuzz-rules (Tests/Fuzz), which holds `TextNormalizer`'s fast path to Foundation: it
/// took the tone marks U+302A…U+302F for stable CJK punctuation, but they are combining characters
/// (classes 218 to 232) and NFKC puts a run of them in canonical order; the fast path left them as
/// typed, so two canonically equivalent texts normalized differently.
@Suite struct NormalizationFuzzRegressionTests {
    @Test func toneMarksAreReorderedAsNFKCDoes() {
        let typed = "中\u{302B}\u{302A}"   // classes 228, then 218
        #expect(TextNormalizer.normalize(typed).unicodeScalars.map(\.value) == [0x4E2D, 0x302A, 0x302B])
        #expect(TextNormalizer.fastFolded(typed) == nil)
    }

    @Test func aKeywordMatchesTheSameTextTypedInTheOtherOrder() throws {
        let engine = try makeEngine(singleRule(#""name": "tone", "keywords": ["中\u302A\u302B"]"#))
        #expect(engine.test("中\u{302B}\u{302A}").rule == "tone")
    }
}
