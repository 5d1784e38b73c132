import JSON

/// Typed field access with the contract's error wording, shared by the inbound decoders. Absent
/// and `null` are the same thing; numbers are accepted where text is expected (providers differ).
struct Fields {
    let object: JSONObject
    /// Where these fields stand, for error messages: "" at the top, "data." inside `data`.
    let path: String

    init(_ object: JSONObject, path: String = "") {
        self.object = object
        self.path = path
    }

    func requiredString(_ key: String) throws(InboundError) -> String {
        guard let value = try optionalString(key) else {
            throw .malformed("missing required field \"\(path)\(key)\"")
        }
        return value
    }

    func optionalString(_ key: String) throws(InboundError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        switch value {
        case .string, .int, .double: return value.stringValue
        default: throw .malformed("field \"\(path)\(key)\" must be a string")
        }
    }

    func optionalBool(_ key: String) throws(InboundError) -> Bool? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let flag = value.boolValue else { throw .malformed("field \"\(path)\(key)\" must be a boolean") }
        return flag
    }

    func optionalObject(_ key: String) throws(InboundError) -> Fields? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let nested = value.objectValue else { throw .malformed("field \"\(path)\(key)\" must be an object") }
        return Fields(nested, path: path + key + ".")
    }

    func requiredObject(_ key: String) throws(InboundError) -> Fields {
        guard let nested = try optionalObject(key) else { throw .malformed("missing required field \"\(path)\(key)\"") }
        return nested
    }

    /// A list of strings; non-string entries are skipped rather than refused (tolerant decoding).
    func stringList(_ key: String) throws(InboundError) -> [String] {
        guard let value = object[key], !value.isNull else { return [] }
        guard let items = value.arrayValue else { throw .malformed("field \"\(path)\(key)\" must be an array") }
        return items.compactMap(\.stringValue)
    }
}
