import Core
import JSON

// The items of a message as stored: the API's item objects in a JSON array, whatever the engine.
extension OutboxMessage {
    static func encodeItems(_ items: [MessageItem]) -> String {
        JSON.string(.array(items.map(\.json)))
    }

    static func decodeItems(_ text: String) throws -> [MessageItem] {
        guard case .array(let values) = try JSON.parse(text) else {
            throw RecordDecodingError("items: not a JSON array")
        }
        return try values.map { try MessageItem(json: $0) }
    }
}
