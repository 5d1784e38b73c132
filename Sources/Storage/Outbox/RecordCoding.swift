import Delivery
import JSON

/// `DeliveryRecord` ⇄ the JSON text of `messages.record`. Written by hand with the JSON module
/// rather than Codable + Foundation: the callback path decodes and encodes one record per
/// callback, and this is several times cheaper (see the outbox benchmark). Keys are snake_case
/// and absent optionals are left out, so a record reads well in `sqlite3` too.
enum RecordCoding {
    static func encode(_ record: DeliveryRecord) -> String {
        var writer = JSONWriter(capacity: 160 + 200 * record.attempts.count)
        writer.object { w in
            w.field("item_count", record.itemCount)
            w.field("has_receipts", record.hasReceipts)
            w.field("state", record.state.rawValue)
            w.field("budget_start", record.budgetStart)
            if let error = record.error { w.field("error", error) }
            if let next = record.nextActionAt { w.field("next_action_at", next) }
            w.field("updated_at", record.updatedAt)
            w.array("attempts") { w in
                for attempt in record.attempts { encode(attempt, into: &w) }
            }
        }
        return writer.text
    }

    private static func encode(_ attempt: DeliveryAttempt, into w: inout JSONWriter) {
        w.object { w in
            w.field("number", attempt.number)
            w.field("started_at", attempt.startedAt)
            if let outcome = attempt.outcome { w.field("outcome", outcome.rawValue) }
            if let answeredAt = attempt.answeredAt { w.field("answered_at", answeredAt) }
            if let error = attempt.error { w.field("error", error) }
            w.array("items") { w in
                for item in attempt.items {
                    w.object { w in
                        w.field("api_send_id", item.apiSendID)
                        if let id = item.providerID { w.field("provider_id", id) }
                        w.field("status", item.status.rawValue)
                        if let at = item.echoedAt { w.field("echoed_at", at) }
                        if let id = item.echoEventID { w.field("echo_event_id", id) }
                        if let at = item.failedAt { w.field("failed_at", at) }
                        if let id = item.failureEventID { w.field("failure_event_id", id) }
                        if let error = item.error { w.field("error", error) }
                    }
                }
            }
        }
    }

    static func decode(_ text: String) throws(RecordDecodingError) -> DeliveryRecord {
        let value: JSONValue
        do {
            value = try JSON.parse(text)
        } catch {
            throw RecordDecodingError("not JSON: \(error)")
        }
        let record = Fields(value, path: "record")
        let attempts = try record.array("attempts").enumerated().map { index, element throws(RecordDecodingError) in
            try decodeAttempt(Fields(element, path: "attempts[\(index)]"))
        }
        return DeliveryRecord(
            itemCount: try record.int("item_count"), hasReceipts: try record.bool("has_receipts"),
            state: try record.enumeration("state", DeliveryState.self), attempts: attempts,
            budgetStart: try record.int("budget_start"), error: try record.optionalString("error"),
            nextActionAt: try record.optionalDouble("next_action_at"), updatedAt: try record.double("updated_at"))
    }

    private static func decodeAttempt(_ attempt: Fields) throws(RecordDecodingError) -> DeliveryAttempt {
        let items = try attempt.array("items").enumerated().map { index, element throws(RecordDecodingError) in
            let item = Fields(element, path: "\(attempt.path).items[\(index)]")
            return ItemDelivery(
                apiSendID: try item.string("api_send_id"), providerID: try item.optionalString("provider_id"),
                status: try item.enumeration("status", ItemStatus.self),
                echoedAt: try item.optionalDouble("echoed_at"), echoEventID: try item.optionalString("echo_event_id"),
                failedAt: try item.optionalDouble("failed_at"),
                failureEventID: try item.optionalString("failure_event_id"), error: try item.optionalString("error"))
        }
        let outcome = try attempt.optionalString("outcome").map { name throws(RecordDecodingError) in
            guard let outcome = AttemptOutcome(rawValue: name) else {
                throw RecordDecodingError("\(attempt.path).outcome: unknown value \"\(name)\"")
            }
            return outcome
        }
        return DeliveryAttempt(
            number: try attempt.int("number"), startedAt: try attempt.double("started_at"), items: items,
            outcome: outcome, answeredAt: try attempt.optionalDouble("answered_at"),
            error: try attempt.optionalString("error"))
    }
}

/// Why a stored record could not be read back (a damaged or foreign row).
struct RecordDecodingError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Typed reads of one JSON object, with the path of the field in every error.
private struct Fields {
    let object: JSONObject
    let path: String

    init(_ value: JSONValue, path: String) {
        self.object = value.objectValue ?? JSONObject()
        self.path = path
    }

    private func missing(_ key: String, _ type: String) -> RecordDecodingError {
        RecordDecodingError("\(path).\(key): missing or not \(type)")
    }

    func int(_ key: String) throws(RecordDecodingError) -> Int {
        guard case .int(let value)? = object[key], let int = Int(exactly: value) else { throw missing(key, "an integer") }
        return int
    }

    func bool(_ key: String) throws(RecordDecodingError) -> Bool {
        guard case .bool(let value)? = object[key] else { throw missing(key, "a boolean") }
        return value
    }

    func double(_ key: String) throws(RecordDecodingError) -> Double {
        switch object[key] {
        case .double(let value)?: return value
        case .int(let value)?: return Double(value)
        default: throw missing(key, "a number")
        }
    }

    func optionalDouble(_ key: String) throws(RecordDecodingError) -> Double? {
        guard let value = object[key], !value.isNull else { return nil }
        return try double(key)
    }

    func string(_ key: String) throws(RecordDecodingError) -> String {
        guard case .string(let value)? = object[key] else { throw missing(key, "a string") }
        return value
    }

    func optionalString(_ key: String) throws(RecordDecodingError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        return try string(key)
    }

    func array(_ key: String) throws(RecordDecodingError) -> [JSONValue] {
        guard case .array(let value)? = object[key] else { throw missing(key, "an array") }
        return value
    }

    func enumeration<E: RawRepresentable<String>>(_ key: String, _ type: E.Type) throws(RecordDecodingError) -> E {
        let name = try string(key)
        guard let value = E(rawValue: name) else { throw RecordDecodingError("\(path).\(key): unknown value \"\(name)\"") }
        return value
    }
}
