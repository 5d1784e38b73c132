import Core

/// Seeded mutations of seed inputs, after libFuzzer's own (which `Benchmarks/fuzz.sh` runs for
/// real, guided by coverage): bit flips, byte changes, inserts and deletes, copies and repeats
/// within an input, splices between seeds, and words put in or swapped: interesting numbers, line
/// endings, UTF-8 edge cases, the target's own words and those of its seeds. Without coverage to
/// guide it, most byte mutations of JSON stop being JSON: a target favours the mutations that
/// keep its format whole (numbers and strings swapped) half of the time, so that the code behind
/// the parser runs too.
struct Mutator {
    enum Mutation: CaseIterable {
        case flipBit, setByte, insertBytes, deleteRange, copyRange, repeatRange, splice, insertWord,
             replaceNumber, changeLineEnding, replaceStringContent, replaceString, truncate
    }

    /// As `Benchmarks/fuzz.sh` keeps libFuzzer's inputs under 64 KiB: enough to pass every
    /// tight limit the properties draw, small enough for a debug build.
    static let maxLength = 16 * 1024

    private let seeds: [[UInt8]]
    private let words: [[UInt8]]
    private let favoured: [Mutation]
    private var random: SplitMix64
    /// The input made last: sometimes mutated further, to get further from the seeds.
    private var last: [UInt8] = []

    init(seeds: [[UInt8]], words: [[UInt8]], favouring favoured: [Mutation] = [], seed: UInt64) {
        self.seeds = seeds.isEmpty ? [[]] : seeds
        self.favoured = favoured.isEmpty ? Mutation.allCases : favoured
        self.words = words + InterestingBytes.numbers + InterestingBytes.lineEndings + InterestingBytes.unicode
            + InterestingBytes.words(of: seeds)
        random = SplitMix64(seed: seed)
    }

    /// The next input: a seed (or the last input) with one to four mutations, one most often.
    mutating func next() -> [UInt8] {
        var input = !last.isEmpty && random.oneIn(4) ? last : random.element(of: seeds)
        for _ in 0..<(random.oneIn(2) ? 1 : 2 + random.below(3)) {
            apply(random.element(of: random.oneIn(2) ? favoured : Mutation.allCases), to: &input)
        }
        if input.count > Self.maxLength { input.removeLast(input.count - Self.maxLength) }
        last = input
        return input
    }

    mutating func apply(_ mutation: Mutation, to input: inout [UInt8]) {
        guard !input.isEmpty else {
            input = random.element(of: words)
            return
        }
        switch mutation {
        case .flipBit:
            input[random.below(input.count)] ^= 1 << UInt8(random.below(8))
        case .setByte:
            let special: [UInt8] = [0x00, 0xFF, 0x7F, 0x80, 0xC0, 0x22, 0x5C, 0x20, 0x09, 0x0D, 0x0A, 0x3A, 0x40, 0x25]
            input[random.below(input.count)] = random.oneIn(2) ? random.element(of: special) : UInt8(random.below(256))
        case .insertBytes:
            let count = 1 + random.below(4)
            input.insert(contentsOf: (0..<count).map { _ in UInt8(random.below(256)) }, at: random.below(input.count + 1))
        case .deleteRange:
            let start = random.below(input.count)
            input.removeSubrange(start..<(start + 1 + random.below(min(32, input.count - start))))
        case .copyRange:
            let chunk = randomChunk(of: input, upTo: 64)
            input.insert(contentsOf: chunk, at: random.below(input.count + 1))
        case .repeatRange:
            // Long header lines, deep nesting, long digit runs: the limits' neighbourhood.
            let chunk = randomChunk(of: input, upTo: 16)
            let times = random.oneIn(4) ? 64 + random.below(1024) : 2 + random.below(16)
            input.insert(contentsOf: Array([ArraySlice<UInt8>](repeating: chunk, count: times).joined()),
                         at: random.below(input.count + 1))
        case .splice:
            let other = random.element(of: seeds)
            if random.oneIn(2) || other.isEmpty {
                input = Array(input[..<random.below(input.count + 1)]) + other[random.below(other.count + 1)...]
            } else {
                input.insert(contentsOf: randomChunk(of: other, upTo: 128), at: random.below(input.count + 1))
            }
        case .insertWord:
            let word = random.element(of: words)
            let at = random.below(input.count + 1)
            if random.oneIn(2) {
                input.insert(contentsOf: word, at: at)
            } else {
                input.replaceSubrange(at..<min(input.count, at + word.count), with: word)
            }
        case .replaceNumber:
            replace(in: &input, with: InterestingBytes.numbers) { byte in
                (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
                    || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "+")
            }
        case .changeLineEnding:
            replace(in: &input, with: InterestingBytes.lineEndings) { $0 == 0x0D || $0 == 0x0A }
        case .replaceStringContent:
            guard let string = randomString(in: input) else { return apply(.insertWord, to: &input) }
            let content = random.oneIn(3) ? random.element(of: InterestingBytes.unicode + InterestingBytes.json)
                : Array(random.element(of: words).filter { $0 != UInt8(ascii: "\"") })
            input.replaceSubrange((string.lowerBound + 1)..<(string.upperBound - 1), with: content)
        case .replaceString:
            // Another type where a string stood: what a decoder must refuse, not trip on.
            guard let string = randomString(in: input, valuesOnly: true) else { return apply(.insertWord, to: &input) }
            let values = ["null", "true", "false", "0", "-1", "1.5", "\"\"", "[]", "{}", #"["a",1]"#, #"{"a":{"b":null}}"#]
            input.replaceSubrange(string, with: random.oneIn(3) ? random.element(of: InterestingBytes.numbers)
                                                               : Array(random.element(of: values).utf8))
        case .truncate:
            input.removeSubrange(random.below(input.count)...)
        }
    }

    private mutating func randomChunk(of bytes: [UInt8], upTo length: Int) -> ArraySlice<UInt8> {
        guard !bytes.isEmpty else { return [] }
        let start = random.below(bytes.count)
        return bytes[start..<(start + 1 + random.below(min(length, bytes.count - start)))]
    }

    /// One of the input's JSON strings, quotes included (read from the start, so that a closing
    /// quote is not taken for an opening one); with `valuesOnly`, not an object's key.
    private mutating func randomString(in input: [UInt8], valuesOnly: Bool = false) -> Range<Int>? {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        var strings: [Range<Int>] = []
        var start: Int?
        var index = 0
        while index < input.count {
            if let opened = start {
                if input[index] == backslash {
                    index += 1
                } else if input[index] == quote {
                    let next = input[(index + 1)...].first { ![0x20, 0x09, 0x0D, 0x0A].contains($0) }
                    if !valuesOnly || next != UInt8(ascii: ":") { strings.append(opened..<(index + 1)) }
                    start = nil
                }
            } else if input[index] == quote {
                start = index
            }
            index += 1
        }
        return strings.isEmpty ? nil : random.element(of: strings)
    }

    /// Replaces the run of `member` bytes at or after a random place (a number, a line ending)
    /// with one of `choices`; inserts one there when the rest of the input has none.
    private mutating func replace(in input: inout [UInt8], with choices: [[UInt8]], where member: (UInt8) -> Bool) {
        let from = random.below(input.count)
        guard let start = input[from...].firstIndex(where: member) else {
            input.insert(contentsOf: random.element(of: choices), at: from)
            return
        }
        let end = input[start...].firstIndex { !member($0) } ?? input.endIndex
        input.replaceSubrange(start..<end, with: random.element(of: choices))
    }
}
