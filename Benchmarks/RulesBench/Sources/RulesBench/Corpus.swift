import JSON

/// Seeded keywords, rule files and messages for one benchmark run.
struct Corpus {
    static let keywordsPerRule = 10

    let vocabulary: Vocabulary

    init(seed: UInt64) { vocabulary = Vocabulary(seed: seed) }

    /// `count` distinct keywords: the common shop keywords, then three in four Chinese (2–5
    /// characters, mostly 3–4, half of them from the long tail: random two-character keywords of
    /// common characters would hit random filler text far more often than real words hit real
    /// chat), the rest ASCII product codes (a word and a number). Bare English words are
    /// left out on purpose: with only a couple of hundred of them, every large set would hold
    /// them all, and incidental hits (not the matcher) would then dominate the larger sizes.
    func keywords(_ count: Int, seed: UInt64) -> [String] {
        var random = SplitMix64(seed: seed)
        var keywords = Array(Vocabulary.shopKeywords.prefix(count))
        var seen = Set(keywords)
        keywords.reserveCapacity(count)
        while keywords.count < count {
            let keyword: String
            if random.chance(0.75) {
                let length = [2, 3, 3, 3, 3, 4, 4, 4, 4, 5].randomElement(using: &random)!
                keyword = String((0..<length).map { _ in vocabulary.character(&random, commonShare: 0.5) })
            } else {
                keyword = Vocabulary.words.randomElement(using: &random)! + String(Int.random(in: 1...9_999, using: &random))
            }
            if seen.insert(keyword).inserted { keywords.append(keyword) }
        }
        return keywords
    }

    /// One native rule file: `keywords.count / 10` rules of 10 `contains` keywords each,
    /// priorities 0–9, a text reply (some with a template, some `random` between two).
    func ruleFile(keywords: [String], seed: UInt64) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        var rules: [JSONValue] = []
        rules.reserveCapacity(keywords.count / Self.keywordsPerRule)
        for (index, start) in stride(from: 0, to: keywords.count, by: Self.keywordsPerRule).enumerated() {
            let own = keywords[start..<min(start + Self.keywordsPerRule, keywords.count)]
            let text = "您好 {{sender}}，关于「\(own.first!)」的问题已收到，客服稍后回复您。"
            var messages: [JSONValue] = [.object(["type": "text", "text": .string(text)])]
            let mode = random.chance(0.2) ? "random" : "all"
            if mode == "random" { messages.append(.object(["type": "text", "text": "收到，马上为您查询"])) }
            rules.append(.object(JSONObject([
                ("name", .string("rule-\(index)")),
                ("keywords", .array(own.map { .string($0) })),
                ("priority", .int(Int64.random(in: 0...9, using: &random))),
                ("reply", .object(["mode": .string(mode), "messages": .array(messages)])),
            ])))
        }
        return JSON.serialize(.object(["rules": .array(rules)]), pretty: true)
    }

    /// `count` chat messages of ~100 characters (80–120): runs of Chinese, ASCII words, numbers,
    /// punctuation, WeChat emoticons. `keywordShare` of them carry one keyword of `keywords`
    /// (a tenth of those two); `emojiShare` carry an emoji; `ellipsisShare` a "……".
    func messages(_ count: Int, keywords: [String], keywordShare: Double, emojiShare: Double, ellipsisShare: Double,
                  seed: UInt64) -> [String] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let target = Int.random(in: 80...120, using: &random)
            var parts: [String] = []
            var length = 0
            while length < target {
                let part = chunk(&random)
                parts.append(part)
                length += part.count
            }
            if random.chance(emojiShare) {
                parts.insert(Vocabulary.emoji.randomElement(using: &random)!, at: Int.random(in: 0...parts.count, using: &random))
            }
            if random.chance(ellipsisShare) {
                parts.insert("……", at: Int.random(in: 0...parts.count, using: &random))
            }
            if random.chance(keywordShare) {
                let inserts = random.chance(0.1) ? 2 : 1
                for _ in 0..<inserts {
                    parts.insert(keywords.randomElement(using: &random)!, at: Int.random(in: 0...parts.count, using: &random))
                }
            }
            return parts.joined()
        }
    }

    /// One piece of a message.
    private func chunk(_ random: inout SplitMix64) -> String {
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<62:
            return String((0..<Int.random(in: 2...8, using: &random)).map { _ in vocabulary.character(&random) })
        case 62..<74:
            let word = Vocabulary.words.randomElement(using: &random)!
            let cased = random.chance(0.2) ? word.uppercased() : word
            return random.chance(0.5) ? " " + cased + " " : cased
        case 74..<80:
            return String(Int.random(in: 1...99_999, using: &random))
        case 80..<97:
            return Vocabulary.punctuation.randomElement(using: &random)!
        default:
            return Vocabulary.emoticons.randomElement(using: &random)!
        }
    }
}
