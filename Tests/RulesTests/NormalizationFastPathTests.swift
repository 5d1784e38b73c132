import Core
import Foundation
import Testing
@testable import Rules

/// The byte loop's word steps and its bound on expansions, against Foundation's NFKC + lower
/// case + trim: long texts where runs of ASCII and ideographs cross eight-byte words (a word may
/// begin inside an ideograph), broken by the characters the loop takes one by one or hands to
/// the table (full-width forms, ligatures, the Turkish dotted I, ß, compatibility characters)
/// and by combining sequences that send the whole text to Foundation.
@Suite struct NormalizationFastPathTests {
    private static func reference(_ text: String) -> [UInt8] {
        let scalars = Array(text.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars)
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return [] }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[first...last])
        return Array(String(view).utf8)
    }

    private static let runs: [String] = [
        "价格多少钱", "退款怎么办", "䷀䷁", "㐀㐁", "abcdefghijk", "ABCDEFGHIJ", "Price 123", "x",
        "，", "。", "！", "？", "：", "～", "「", "」", "、", "　", " ", "\u{2005}",
        "ＡＢＣ", "ｈｅｌｌｏ", "１２３", "ﬁ", "ﬄ", "İ", "ı", "ß", "ẞ", "Σ", "ς", "Å", "K", "①", "㍻", "㎏", "½", "™",
        "ｶ", "ﾞ", "…", "……", "😀", "👍🏻", "가", "각", "e\u{301}", "\u{0308}", "\u{1100}\u{1161}", "中\u{302B}\u{302A}",
    ]

    @Test(arguments: 1...8)
    func longMixedTextsAgreeWithFoundation(seed: UInt64) {
        var random = SplitMix64(seed: seed &* 7919)
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 1...40, using: &random)).map { _ in
                Self.runs.randomElement(using: &random)!
            }.joined()
            let expected = Self.reference(text)
            #expect(TextNormalizer.normalizedBytes(text, inGroup: false) == expected, "\(text.debugDescription)")
            #expect(Array(TextNormalizer.normalize(text).utf8) == expected, "\(text.debugDescription)")
            if let fast = TextNormalizer.fastFolded(text) {
                #expect(fast == Array(text.precomposedStringWithCompatibilityMapping.lowercased().utf8), "\(text.debugDescription)")
            }
        }
    }

    /// Every alignment of a run of ideographs against the eight-byte words, with what ends it.
    @Test func wordsThatBeginInsideAnIdeographAgree() {
        for prefix in 0..<8 {
            for ending in ["", "，", "A", "ﬁ", "e\u{301}", "😀"] {
                let text = String(repeating: "a", count: prefix) + String(repeating: "价格多少钱", count: 5) + ending
                #expect(TextNormalizer.normalizedBytes(text, inGroup: false) == Self.reference(text), "\(text.debugDescription)")
            }
        }
    }

    /// Expansions (a squared era name is one character, two ideographs in NFKC) may use the
    /// room beyond the input's length only as far as the bytes copied one for one after them
    /// still fit: more than that and the text goes to Foundation instead of past the buffer.
    @Test func expansionsNeverOutgrowTheBuffer() {
        for count in [1, 10, 21, 22, 23, 40] {
            for tail in ["", String(repeating: "a", count: 100), String(repeating: "价", count: 50)] {
                let text = String(repeating: "㍻", count: count) + tail
                #expect(TextNormalizer.normalizedBytes(text, inGroup: false) == Self.reference(text), "\(count) + \(tail.count)")
            }
        }
        #expect(TextNormalizer.fastFolded(String(repeating: "㍻", count: 40) + String(repeating: "a", count: 100)) == nil)
    }
}
