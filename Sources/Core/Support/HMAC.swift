/// HMAC (RFC 2104) over SHA-256: the keyed digest that signs webhooks we send and checks those
/// we receive. Foundation on Linux has none.
public enum HMAC {
    /// SHA-256's block size: keys longer than this are hashed first, shorter ones zero-padded.
    private static let blockSize = 64

    /// The 32-byte authentication code of `message` under `key`.
    public static func sha256<Key: Collection<UInt8>, Message: Collection<UInt8>>(key: Key, message: Message) -> [UInt8] {
        var block = key.count > blockSize ? SHA256.digest(key) : Array(key)
        block.append(contentsOf: repeatElement(0, count: blockSize - block.count))
        let inner = SHA256.digest(block.map { $0 ^ 0x36 } + message)
        return SHA256.digest(block.map { $0 ^ 0x5C } + inner)
    }
}
