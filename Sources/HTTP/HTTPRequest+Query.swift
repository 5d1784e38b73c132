extension HTTPRequest {
    /// The first value of a query parameter, percent-decoded with `+` read as a space.
    /// A parameter present without `=` has the value "". Nil when it is absent.
    public func queryParameter(_ name: String) -> String? {
        guard let query else { return nil }
        var result: String?
        var found = false
        let bytes = Array(query.utf8)
        var start = 0
        while start <= bytes.count, !found {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "&") { end += 1 }
            let pair = bytes[start..<end]
            if !pair.isEmpty {
                let equals = pair.firstIndex(of: UInt8(ascii: "="))
                let key = PercentDecoding.decode(pair[..<(equals ?? end)], plusAsSpace: true)
                if key == name {
                    found = true
                    result = equals.map { PercentDecoding.decode(pair[($0 + 1)...], plusAsSpace: true) } ?? ""
                }
            }
            start = end + 1
        }
        return result
    }
}

/// Percent-decoding for query strings and path parameters. Malformed escapes are kept literally
/// and invalid UTF-8 is repaired, so a hostile value can never make decoding fail.
public enum PercentDecoding {
    public static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes, plusAsSpace: Bool) -> String {
        if !bytes.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) {
            return String(decoding: bytes, as: UTF8.self)
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                let first = bytes.index(after: index)
                if first < bytes.endIndex {
                    let second = bytes.index(after: first)
                    if second < bytes.endIndex, let high = ASCII.hexValue(bytes[first]),
                       let low = ASCII.hexValue(bytes[second]) {
                        output.append(high << 4 | low)
                        index = bytes.index(after: second)
                        continue
                    }
                }
                output.append(byte)
            } else if plusAsSpace, byte == UInt8(ascii: "+") {
                output.append(ASCII.space)
            } else {
                output.append(byte)
            }
            index = bytes.index(after: index)
        }
        return String(decoding: output, as: UTF8.self)
    }

    public static func decode(_ string: String, plusAsSpace: Bool) -> String {
        decode(string.utf8, plusAsSpace: plusAsSpace)
    }
}
