/// Words the mutator inserts and substitutes: values at the edges of what the parsers accept,
/// which random bit flips would take long to reach.
enum InterestingBytes {
    /// Integers at the edges of 32 and 64 bits, doubles that overflow or underflow, digit strings
    /// longer than any integer, and malformed numbers.
    static let numbers: [[UInt8]] = [
        "0", "-0", "-1", "1", "255", "256", "65536", "2147483647", "2147483648", "-2147483649", "4294967296",
        "9007199254740993", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "-9223372036854775809", "18446744073709551615", "18446744073709551616",
        "123456789012345678901234567890123456789012345678901234567890", String(repeating: "9", count: 400),
        "1e308", "1.7976931348623157e308", "1e309", "-1e309", "4.9e-324", "2.2250738585072014e-308", "1e-400",
        "0.1", "-0.0", "1E+2", "1e-2", "0.000000000000000000000000000001", "1" + String(repeating: "0", count: 330),
        "01", "-01", "+1", ".5", "1.", "1e", "1e+", "-", "0x10", "1_000", "NaN", "Infinity", "-Infinity",
    ].map(bytes)

    /// Line endings and their mistakes: bare LF and CR, doubled, folded, with white space around.
    static let lineEndings: [[UInt8]] = [
        "\r\n", "\n", "\r", "\r\n\r\n", "\n\n", "\r\r\n", "\n\r", " \r\n", "\r\n ", "\r\n\t", "\t\r\n", "\r\n\r\n\r\n",
    ].map(bytes)

    /// Valid UTF-8 that normalization, case mapping and width folding change or trip on, and
    /// invalid UTF-8: overlong forms, surrogates, past U+10FFFF, stray and missing continuations.
    static let unicode: [[UInt8]] = [
        "\u{0}", "\u{7F}", "\u{80}", "\u{85}", "\u{A0}", "\u{7FF}", "\u{800}", "\u{FFFF}", "\u{10000}", "\u{10FFFF}",
        "\u{FEFF}", "\u{FFFD}", "\u{200B}", "\u{200D}", "\u{202E}", "\u{2028}", "\u{2029}", "\u{3000}",
        "\u{301}", "e\u{301}", "\u{212B}", "\u{FB01}", "\u{130}", "\u{1E9E}", "ß", "ﬀ", "Ａ", "１", "＠", "ｈｅｌｌｏ",
        "👨‍👩‍👧", "🇨🇳", "价格", "客服",
    ].map(bytes) + [
        [0xC0, 0xAF], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],
        [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xF5], [0xFE], [0xFF], [0x80], [0xBF],
        [0xE4, 0xBD], [0xF0, 0x9F, 0x98], [0xC3],
    ]

    /// JSON's string escapes, good and bad, and nesting.
    static let json: [[UInt8]] = [
        #"\u0000"#, #"\ud800"#, #"\udc00"#, #"\ud83d\ude00"#, #"\ud800\u0041"#, #"\u00e9"#, #"\u12"#, #"\x41"#,
        #"\""#, #"\\"#, #"\/"#, #"\b\f\n\r\t"#, "\"", "\\", "{", "}", "[", "]", ":", ",", "null", "true", "false",
        #"{"":""}"#, #"{"a":1,"a":2}"#, "[]", "{}", String(repeating: "[", count: 600), String(repeating: "{\"a\":", count: 300),
    ].map(bytes)

    /// Request lines and header fields with a say in framing, and the characters of targets.
    static let http: [[UInt8]] = [
        "GET / HTTP/1.1\r\n", "POST /webhook/botadmin/shop HTTP/1.1\r\n", "GET * HTTP/1.1\r\n",
        "OPTIONS * HTTP/1.1\r\n", "CONNECT a:443 HTTP/1.1\r\n", "HTTP/1.0", "HTTP/1.1", "HTTP/2.0", "HTTP/1.10",
        "Host: a\r\n", "Content-Length: ", "Content-Length: 0\r\n", "Content-Length: 5\r\nContent-Length: 6\r\n",
        "Content-Length: +5\r\n", "Transfer-Encoding: chunked\r\n", "Transfer-Encoding: gzip, chunked\r\n",
        "Transfer-Encoding: chunked, gzip\r\n", "Connection: close\r\n", "Connection: keep-alive\r\n",
        "Expect: 100-continue\r\n", "0\r\n\r\n", "ffffffffffffffff\r\n", "5;ext=\"x\"\r\n", "\r\n0\r\nTrailer: x\r\n\r\n",
        " ", "\t", ":", "?", "#", "%00", "%", "*", "http://a/b?c", "\u{0}", "\r\n\r\n",
    ].map(bytes)

    /// The words of the seeds (JSON strings with their quotes, and runs between separators), so
    /// that mutations put field names and values where other ones stood.
    static func words(of seeds: [[UInt8]], limit: Int = 512) -> [[UInt8]] {
        var found: Set<[UInt8]> = []
        var words: [[UInt8]] = []
        func add(_ word: ArraySlice<UInt8>) {
            if (2...64).contains(word.count), found.insert(Array(word)).inserted { words.append(Array(word)) }
        }
        let separators = Set(" \t\r\n,:;{}[]()=&?/".utf8)
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        for seed in seeds {
            var start = 0
            var inString = false
            for index in seed.indices {
                let byte = seed[index]
                if inString {
                    guard byte == quote, seed[index - 1] != backslash else { continue }
                    add(seed[start...index])
                    inString = false
                    start = index + 1
                } else if byte == quote || separators.contains(byte) {
                    add(seed[start..<index])
                    inString = byte == quote
                    start = inString ? index : index + 1
                }
            }
            if words.count >= limit { break }
        }
        return Array(words.prefix(limit))
    }

    private static func bytes(_ text: String) -> [UInt8] {
        Array(text.utf8)
    }
}
