extension Parser {
    /// Reads `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. An integer lexeme that fits
    /// Int64 becomes `.int`; anything else a correctly rounded `.double` (exactly, by Clinger's fast
    /// path when mantissa and exponent are small, else by the standard library's decimal parser).
    mutating func parseNumber(at location: Builder.Location) throws(JSONError) -> Builder.Node {
        let start = position
        let negative = text[position] == UInt8(ascii: "-")
        if negative { position += 1 }

        // All significant digits go into `mantissa` while they fit (19 digits always do).
        var mantissa: UInt64 = 0
        var significantDigits = 0
        @inline(__always) func accumulate(_ byte: UInt8) {
            let digit = UInt64(byte &- UInt8(ascii: "0"))
            if significantDigits == 0 && digit == 0 { return }
            if significantDigits < 19 { mantissa = mantissa &* 10 &+ digit }
            significantDigits += 1
        }

        guard Self.isDigit(peek()) else { throw error("invalid number: expected a digit after '-'", at: position) }
        if text[position] == UInt8(ascii: "0") {
            position += 1
            if Self.isDigit(peek()) { throw error("invalid number: leading zeros are not allowed", at: start) }
        } else {
            while Self.isDigit(peek()) {
                accumulate(text[position])
                position += 1
            }
        }

        var isInteger = true
        var fractionDigits = 0
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard Self.isDigit(peek()) else { throw error("invalid number: expected a digit after '.'", at: position) }
            while Self.isDigit(peek()) {
                accumulate(text[position])
                fractionDigits += 1
                position += 1
            }
        }

        var exponent = 0
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            let negativeExponent = peek() == UInt8(ascii: "-")
            if negativeExponent || peek() == UInt8(ascii: "+") { position += 1 }
            guard Self.isDigit(peek()) else { throw error("invalid number: expected a digit in the exponent", at: position) }
            while Self.isDigit(peek()) {
                // Past 100000 the value is 0 or infinite anyway; stop before Int overflows.
                if exponent < 100_000 { exponent = exponent * 10 + Int(text[position] - UInt8(ascii: "0")) }
                position += 1
            }
            if negativeExponent { exponent = -exponent }
        }

        if isInteger && significantDigits <= 19 {
            if !negative && mantissa <= UInt64(Int64.max) {
                return builder.int(Int64(mantissa), at: location)
            }
            if negative && mantissa <= UInt64(Int64.max) + 1 {
                return builder.int(Int64(truncatingIfNeeded: 0 &- mantissa), at: location)
            }
        }

        let scale = exponent - fractionDigits
        if significantDigits <= 19 && mantissa <= 1 << 53 && (-22...22).contains(scale) {
            // Both operands are exact doubles, so the one rounding of * or / is the correct one.
            var value = Double(mantissa)
            value = scale < 0 ? value / DecimalPowers.exact[-scale] : value * DecimalPowers.exact[scale]
            return builder.double(negative ? -value : value, at: location)
        }
        let lexeme = String(decoding: UnsafeBufferPointer(rebasing: text[start..<position]), as: UTF8.self)
        guard let value = Double(lexeme), value.isFinite else {
            throw error("number out of range: \(lexeme.prefix(40)) is beyond ±1.8e308", at: start)
        }
        return builder.double(value, at: location)
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
}

enum DecimalPowers {
    /// 10^0 … 10^22: the powers of ten that a Double holds exactly.
    static let exact: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
}
