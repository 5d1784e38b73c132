import Core
import Foundation
import Testing
@testable import Rules

/// The normalizer against Foundation's NFKC + lower case (+ trim), its reference: every character
/// the byte loop or the table takes, alone and in company, and random texts drawn from wide
/// Unicode samples (combining marks, jamo, Indic scripts, emoji sequences) that take the fast
/// path, the general path or switch between them.
@Suite struct NormalizationOracleTests {
    private static func reference(_ text: String) -> String {
        let folded = text.precomposedStringWithCompatibilityMapping.lowercased()
        let scalars = Array(folded.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[first...last])
        return String(view)
    }

    private static func folded(_ text: String) -> [UInt8] {
        Array(text.precomposedStringWithCompatibilityMapping.lowercased().utf8)
    }

    @Test func everyCharacterTheLoopTakesAgreesWithFoundation() {
        var ranges: [ClosedRange<UInt32>] = [0x00...0x7F, 0xFF01...0xFF5E, 0x3000...0x3000, 0x3400...0x4DFF,
                                             0x4E00...0x9FFF, 0x3001...0x3029, 0x3030...0x3035, 0xAC00...0xD7A3]
        ranges += [0x2014, 0x2018, 0x2019, 0x201C, 0x201D].map { $0...$0 }
        var checked = 0
        for range in ranges {
            for value in range {
                let text = String(Character(Unicode.Scalar(value)!))
                #expect(TextNormalizer.fastFolded(text) == Self.folded(text), "U+\(String(value, radix: 16))")
                checked += 1
            }
        }
        #expect(checked > 38_000)
    }

    /// Each table entry alone, and between and after characters it could interact with if it
    /// were unsound (a letter that takes accents, a Hangul syllable, a kana).
    @Test func everyTableCharacterAgreesWithFoundationInCompany() {
        var admitted = 0
        for block in FoldTable.blocks {
            for value in block {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let character = String(Character(scalar))
                guard let fast = TextNormalizer.fastFolded(character) else { continue }
                admitted += 1
                #expect(fast == Self.folded(character), "U+\(String(value, radix: 16))")
                for company in ["e\(character)", "가\(character)か", "\(character)\(character)", "A\(character)…"] {
                    if let fast = TextNormalizer.fastFolded(company) {
                        #expect(fast == Self.folded(company), "\(company.debugDescription)")
                    }
                }
            }
        }
        // Latin, Greek, Cyrillic, punctuation, symbols, kana, forms, emoji: thousands of them.
        #expect(admitted > 8_000)
    }

    @Test func whatTheTableLeavesOutGoesToFoundation() {
        // A combining accent composes with the letter before it.
        #expect(TextNormalizer.fastFolded("Cafe\u{301}") == nil)
        #expect(TextNormalizer.normalize("Cafe\u{301}") == "café")
        // A medial jamo composes with the initial before it; a half-width voiced mark with its kana.
        #expect(TextNormalizer.fastFolded("\u{1100}\u{1161}") == nil)
        #expect(TextNormalizer.normalize("ㄱㅏ") == Self.reference("ㄱㅏ"))
        #expect(TextNormalizer.normalize("ｶﾞ") == "ガ")
        // The common cases off the old fast path now stay on it.
        #expect(TextNormalizer.fastFolded("ﬁ…") == Array("fi...".utf8))
        #expect(TextNormalizer.normalize("好的……👍🏻") == "好的......👍🏻")
        #expect(TextNormalizer.normalize("ÀÉÎ ① ＡＢ") == "àéî 1 ab")
    }

    /// Texts made of pieces from all over Unicode, checked whole against Foundation; in groups,
    /// the result is a suffix of the plain one.
    @Test(arguments: [1, 2, 3, 4, 5, 6])
    func randomTextsAgreeWithFoundation(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let pieces: [String] = [
            "a", "Z", " ", "\t", "\n", "@", "@bot ", "价格", "，", "。", "…", "……", "—", "“", "”", "「", "」",
            "\u{3000}", "\u{2005}", "\u{00A0}", "\u{200B}", "\u{200D}", "\u{FE0F}", "\u{0301}", "\u{0308}", "\u{0323}",
            "é", "Å", "ß", "ẞ", "İ", "ı", "Σ", "ς", "ΐ", "Ω", "Ω", "K", "Å", "Ж", "ǅ", "ﬁ", "ﬀ", "ℌ", "ℍ", "№", "™",
            "①", "⑴", "⒈", "Ⅻ", "½", "²", "₃", "㎏", "㍻", "㈱", "ｶ", "ﾞ", "ﾟ", "ｰ", "か", "\u{3099}", "\u{309A}",
            "゛", "ゟ", "ヿ", "ㄱ", "ㅏ", "ㄳ", "\u{1100}", "\u{1161}", "\u{11A8}", "가", "각", "ﾡ", "ￂ",
            "क", "\u{093C}", "ো", "\u{09BE}", "\u{0B3E}", "\u{0DCF}", "ก", "\u{0E31}", "ا", "\u{064B}", "ﷺ", "ﻼ",
            "😀", "👍🏻", "👨‍👩‍👧", "🇨🇳", "1️⃣", "𝐀", "𝔄", "𝟙", "🅰", "🄐", "\u{E000}", "\u{0378}", "\u{1D15E}",
            "ＡＢＣ", "１２３", "！", "～", "\u{FF5F}", "︰", "﹏", "ⓐ", "Ⓐ",
        ]
        for _ in 0..<400 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let normalized = TextNormalizer.normalize(text)
            #expect(normalized.utf8.elementsEqual(Self.reference(text).utf8),
                    "\(text.debugDescription): \(normalized.debugDescription), Foundation \(Self.reference(text).debugDescription)")
            let group = TextNormalizer.normalize(text, inGroup: true)
            #expect(normalized.utf8.reversed().starts(with: group.utf8.reversed()), "\(text.debugDescription)")
        }
    }

    @Test func whiteSpaceIsUnicodes() {
        let disagreeing = (UInt32(0)...0x10FFFF).filter { value in
            Unicode.Scalar(value).map { TextNormalizer.isWhitespace(value) != $0.properties.isWhitespace } ?? false
        }
        #expect(disagreeing.isEmpty, "\(disagreeing.map { "U+" + String($0, radix: 16) })")
    }

    @Test func trimmingAndMentionsWorkOnBytes() {
        #expect(TextNormalizer.normalize("\u{2028} \u{0085}价格\u{3000}\u{00A0}") == "价格")
        #expect(TextNormalizer.normalize("@小助手\u{2005}\u{2005}@b\u{00A0}价格", inGroup: true) == "价格")
        #expect(TextNormalizer.normalize("@a\u{1680}b", inGroup: true) == "b")
        #expect(TextNormalizer.normalize("@only", inGroup: true) == "@only")
    }
}
