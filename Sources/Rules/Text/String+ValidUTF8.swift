extension String {
    /// A string of bytes that are valid UTF-8 by construction (the normalizer's output: whole
    /// characters of a valid string, or table mappings made from valid strings). Skips the
    /// validation `String(decoding:as:)` does, which costs more than normalizing a chat message.
    init(validUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        if #available(macOS 26.0, iOS 26.0, watchOS 26.0, tvOS 26.0, visionOS 26.0, *) {
            self = String(copying: unsafe UTF8Span(unchecked: bytes.span))
        } else {
            self = String(decoding: bytes, as: UTF8.self)
        }
    }
}
