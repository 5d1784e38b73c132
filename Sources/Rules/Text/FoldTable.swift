import Foundation

/// What NFKC and lower case make of each character of the common blocks outside ASCII and CJK
/// ("…" → "...", "Ä" → "ä", "①" → "1", "ｶ" → "カ", emoji unchanged), computed once from
/// Foundation, so that the normalizer's fast path needs Foundation only for texts with
/// characters outside the table.
///
/// A character is admitted only where mapping it alone is the same as mapping it in any text:
/// it is a starter (canonical combining class 0) and the compatibility decomposition of it
/// starts with a starter that no canonical composition takes as its second part. Then nothing
/// before it can reorder or compose with it, and NFKC of a run of such characters is the run of
/// their NFKC forms; lower-casing goes character by character anyway.
struct FoldTable: Sendable {
    static let shared = FoldTable()

    /// The blocks looked at: Latin, Greek, Cyrillic, punctuation, symbols, enclosed and
    /// squared forms, kana, compatibility ideographs, presentation and half-width forms,
    /// mathematical letters, emoji. Not Hangul jamo, Indic scripts and the like, whose
    /// characters compose with their neighbours.
    static let blocks: [ClosedRange<UInt32>] = [
        0x0080...0x024F, 0x0250...0x02FF, 0x0370...0x052F, 0x1D00...0x1DBF, 0x1E00...0x1FFF,
        0x2000...0x2BFF, 0x2E00...0x2E7F, 0x3000...0x30FF, 0x3190...0x33FF, 0xA640...0xA7FF,
        0xF900...0xFAFF, 0xFB00...0xFB4F, 0xFE00...0xFE6F, 0xFF00...0xFFEF,
        0x1D400...0x1D7FF, 0x1F000...0x1FAFF,
    ]

    /// Starters that canonical composition takes as a second part (Hangul medial and final
    /// jamo, some Indic vowel signs): nothing mapping to one of these may start a mapping here.
    static func composesBackwards(_ value: UInt32) -> Bool {
        switch value {
        case 0x1161...0x1175, 0x11A8...0x11C2: true
        case 0x09BE, 0x09D7, 0x0B3E, 0x0B56, 0x0B57, 0x0BBE, 0x0BD7, 0x0C56, 0x0CC2, 0x0CD5, 0x0CD6,
             0x0D3E, 0x0D57, 0x0DCF, 0x0DDF, 0x102E, 0x1B35, 0x11127, 0x1133E, 0x11357, 0x114B0, 0x114BA,
             0x114BD, 0x115AF, 0x11930: true
        default: false
        }
    }

    /// Per page of 64 scalars (`value >> 6`, below `limit`), where its entries start in `entries`, or -1.
    private let pages: [Int32]
    /// Per scalar of a page: its mapping's offset in `bytes` << 8 | its length; 0 when not admitted.
    private let entries: [UInt32]
    private let bytes: [UInt8]
    private static let limit: UInt32 = 0x20000

    init() {
        var pages = [Int32](repeating: -1, count: Int(Self.limit >> 6))
        var entries: [UInt32] = []
        var bytes: [UInt8] = []
        for block in Self.blocks {
            for value in block {
                guard let scalar = Unicode.Scalar(value), let mapped = Self.mapping(computedFor: scalar) else { continue }
                let page = Int(value >> 6)
                if pages[page] < 0 {
                    pages[page] = Int32(entries.count)
                    entries += repeatElement(0, count: 64)
                }
                entries[Int(pages[page]) + Int(value & 63)] = UInt32(bytes.count) << 8 | UInt32(mapped.count)
                bytes += mapped
            }
        }
        self.pages = pages
        self.entries = entries
        self.bytes = bytes
    }

    /// Writes the UTF-8 of the scalar's NFKC, lower-cased, into `output` at `index` and returns
    /// where it ends; nil when the scalar is not in the table or the mapping would end beyond `bound`.
    @inline(__always)
    func copyMapping(of value: UInt32, into output: UnsafeMutableBufferPointer<UInt8>, at index: Int, endingBy bound: Int) -> Int? {
        guard value < Self.limit else { return nil }
        let page = pages[Int(value >> 6)]
        guard page >= 0 else { return nil }
        let entry = entries[Int(page) + Int(value & 63)]
        let length = Int(entry & 0xFF)
        guard entry != 0, index + length <= min(bound, output.count) else { return nil }
        let start = Int(entry >> 8)
        bytes.withUnsafeBufferPointer { bytes in
            for offset in 0..<length { output[index &+ offset] = bytes[start &+ offset] }
        }
        return index + length
    }

    /// Foundation's answer for `scalar` alone, when that is its answer in every context.
    static func mapping(computedFor scalar: Unicode.Scalar) -> [UInt8]? {
        let properties = scalar.properties
        guard properties.generalCategory != .unassigned, properties.generalCategory != .surrogate,
              properties.generalCategory != .privateUse, properties.canonicalCombiningClass.rawValue == 0 else { return nil }
        let alone = String(Character(scalar))
        guard let first = alone.decomposedStringWithCompatibilityMapping.unicodeScalars.first,
              first.properties.canonicalCombiningClass.rawValue == 0, !composesBackwards(first.value) else { return nil }
        let mapped = Array(alone.precomposedStringWithCompatibilityMapping.lowercased().utf8)
        // A length must fit the entry's byte; no mapping comes near it.
        return mapped.isEmpty || mapped.count > 255 ? nil : mapped
    }
}
