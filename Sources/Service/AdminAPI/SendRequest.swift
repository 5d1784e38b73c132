import Core
import JSON
import Storage

/// The body of `POST /api/send`, read and checked: one `NewOutboxMessage` per target, each with
/// all of the call's items. Reading is pure (bytes and the configured accounts in, messages or
/// an `AdminError` out) and happens in two passes: the shape first (`400` for a body that is not
/// JSON or a field of the wrong type), then the meaning (`422` for counts out of range, invalid
/// items, unknown providers or accounts, types a provider cannot carry). Nothing is created
/// unless every target passes.
struct SendRequest: Sendable {
    static let targetLimit = 1...100
    /// The 云真机 limit of one send.
    static let itemLimit = 1...5
    /// How many problems one `422` lists before "and N more".
    static let listedProblems = 10

    var messages: [NewOutboxMessage]

    /// A target as written, before its names are checked.
    private struct Target {
        var provider: String
        var account: String
        var conversation: String
        var chat: String?
    }

    static func read(_ body: [UInt8], accounts: AccountDirectory) throws(AdminError) -> SendRequest {
        let json: JSONValue
        do throws(JSONError) {
            json = try JSON.parse(body)
        } catch {
            throw .badRequest("body is not valid JSON: \(error.description)")
        }
        guard let object = json.objectValue else { throw .badRequest("body must be a JSON object") }
        let targetValues = try array(object, "targets", "targets")
        let itemValues = try array(object, "messages", "message items")
        let sendAt = try readSendAt(object["send_at"])
        var targets: [Target] = []
        targets.reserveCapacity(targetValues.count)
        for (index, value) in targetValues.enumerated() {
            targets.append(try readTarget(value, index: index))
        }
        for (index, value) in itemValues.enumerated() where value.objectValue == nil {
            throw .badRequest("messages[\(index)] must be an object")
        }

        guard targetLimit.contains(targets.count) else {
            throw .unprocessable("targets must have 1 to 100 entries, not \(targets.count)")
        }
        guard itemLimit.contains(itemValues.count) else {
            throw .unprocessable("messages must have 1 to 5 entries, not \(itemValues.count)")
        }
        var items: [MessageItem] = []
        for (index, value) in itemValues.enumerated() {
            do throws(MessageItemError) {
                items.append(try MessageItem(json: value))
            } catch {
                throw .unprocessable("messages[\(index)]: \(error.description)")
            }
        }
        var problems: [String] = []
        var messages: [NewOutboxMessage] = []
        for (index, target) in targets.enumerated() {
            do throws(AdminError) {
                messages.append(try check(target, index: index, items: items, sendAt: sendAt, accounts: accounts))
            } catch {
                problems.append(error.message)
            }
        }
        guard problems.isEmpty else {
            var text = problems.prefix(listedProblems).joined(separator: "; ")
            if problems.count > listedProblems { text += "; and \(problems.count - listedProblems) more" }
            throw .unprocessable(text + "; nothing was sent")
        }
        return SendRequest(messages: messages)
    }

    private static func array(_ object: JSONObject, _ key: String, _ what: String) throws(AdminError) -> [JSONValue] {
        guard let value = object[key], !value.isNull else {
            throw .badRequest("\"\(key)\" is required: an array of \(what)")
        }
        guard let elements = value.arrayValue else {
            throw .badRequest("\"\(key)\" must be an array, not \(value.typeName)")
        }
        return elements
    }

    private static func readSendAt(_ value: JSONValue?) throws(AdminError) -> Double? {
        switch value {
        case nil, .null?: return nil
        case .int(let seconds)?: return Double(seconds)
        case .double(let seconds)?:
            guard seconds.isFinite else { throw .badRequest("\"send_at\" must be Unix seconds") }
            return seconds
        case let other?: throw .badRequest("\"send_at\" must be a number (Unix seconds), not \(other.typeName)")
        }
    }

    private static func readTarget(_ value: JSONValue, index: Int) throws(AdminError) -> Target {
        guard let object = value.objectValue else { throw .badRequest("targets[\(index)] must be an object") }
        func field(_ key: String) throws(AdminError) -> String {
            guard let value = object[key], !value.isNull else {
                throw .badRequest("targets[\(index)].\(key) is required")
            }
            guard case .string(let text) = value else {
                throw .badRequest("targets[\(index)].\(key) must be a string, not \(value.typeName)")
            }
            return text
        }
        var chat: String?
        if let value = object["chat"], !value.isNull {
            guard case .string(let text) = value else {
                throw .badRequest("targets[\(index)].chat must be a string, not \(value.typeName)")
            }
            chat = text
        }
        return Target(provider: try field("provider"), account: try field("account"),
                      conversation: try field("conversation"), chat: chat)
    }

    private static func check(
        _ target: Target, index: Int, items: [MessageItem], sendAt: Double?, accounts: AccountDirectory
    ) throws(AdminError) -> NewOutboxMessage {
        let name = "targets[\(index)]"
        guard let provider = Provider(rawValue: target.provider) else {
            let known = Provider.allCases.map(\.rawValue).joined(separator: ", ")
            throw .unprocessable("\(name): unknown provider\(Echo.quoted(target.provider)) (known: \(known))")
        }
        guard accounts.contains(provider, target.account) else {
            throw .unprocessable("\(name): no \(provider.rawValue) account\(Echo.quoted(target.account)) is configured")
        }
        guard !target.conversation.isEmpty else { throw .unprocessable("\(name).conversation must not be empty") }
        var chat: ChatKind?
        if let text = target.chat {
            guard let kind = ChatKind(rawValue: text) else {
                throw .unprocessable("\(name).chat must be \"private\" or \"group\"")
            }
            chat = kind
        }
        for (itemIndex, item) in items.enumerated() where !provider.supportedTypes.contains(item.type) {
            throw .unprocessable("\(name) (\(provider.rawValue)/\(target.account)): \(provider.rawValue) cannot carry "
                + "a \(item.type.rawValue) message (messages[\(itemIndex)])")
        }
        return NewOutboxMessage(provider: provider, account: target.account, conversation: target.conversation,
                                chat: chat, items: items, origin: .api, sendAt: sendAt)
    }
}
