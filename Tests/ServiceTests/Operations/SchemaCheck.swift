import JSON

/// Checks a JSON value against a schema of the OpenAPI document, for the tests that hold the
/// document to what the handlers send. It reads the part of JSON Schema the document uses —
/// `$ref`, `type` (one or a list), `enum`, `const`, `properties`, `required`, `items`, `oneOf`,
/// `minimum`/`maximum`, `minItems`/`maxItems` — and is stricter than JSON Schema in one way: an
/// object may only carry the properties its schema names (unless `additionalProperties` is
/// true), so a field a handler sends and the document does not describe is a problem.
struct SchemaCheck {
    let document: JSONValue

    /// Every way `value` differs from `schema`, each naming where (`$.items[0].state`).
    func problems(_ value: JSONValue, _ schema: JSONValue, at path: String = "$") -> [String] {
        if let reference = schema["$ref"]?.stringValue {
            guard let target = resolve(reference) else { return ["\(path): unresolvable \(reference)"] }
            return problems(value, target, at: path)
        }
        var found: [String] = []
        if let options = schema["oneOf"]?.arrayValue {
            let matching = options.filter { problems(value, $0, at: path).isEmpty }.count
            if matching != 1 { found.append("\(path): matches \(matching) of oneOf's \(options.count) schemas: \(JSON.string(value))") }
        }
        if let constant = schema["const"], constant != value {
            found.append("\(path): \(JSON.string(value)) is not \(JSON.string(constant))")
        }
        if let choices = schema["enum"]?.arrayValue, !choices.contains(value) {
            found.append("\(path): \(JSON.string(value)) is not one of \(JSON.string(.array(choices)))")
        }
        if let type = schema["type"] {
            let types = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue].compactMap { $0 }
            guard types.contains(where: { Self.value(value, hasType: $0) }) else {
                return found + ["\(path): \(value.typeName) where the document says \(types.joined(separator: " or "))"]
            }
        }
        if let number = value.doubleValue {
            if let minimum = schema["minimum"]?.doubleValue, number < minimum { found.append("\(path): \(number) < \(minimum)") }
            if let maximum = schema["maximum"]?.doubleValue, number > maximum { found.append("\(path): \(number) > \(maximum)") }
        }
        if case .object(let object) = value {
            let properties = schema["properties"]?.objectValue ?? JSONObject()
            for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where !object.contains(key: name) {
                found.append("\(path): required \"\(name)\" is missing")
            }
            let open = schema["additionalProperties"] == .bool(true) || schema["properties"] == nil
            for (name, member) in object {
                if let property = properties[name] {
                    found += problems(member, property, at: "\(path).\(name)")
                } else if !open {
                    found.append("\(path): \"\(name)\" is not in the document")
                }
            }
        }
        if case .array(let elements) = value {
            if let least = schema["minItems"]?.intValue, elements.count < least { found.append("\(path): fewer than \(least) items") }
            if let most = schema["maxItems"]?.intValue, elements.count > most { found.append("\(path): more than \(most) items") }
            if let items = schema["items"] {
                for (index, element) in elements.enumerated() {
                    found += problems(element, items, at: "\(path)[\(index)]")
                }
            }
        }
        return found
    }

    /// `#/components/schemas/Name`.
    func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: JSONValue? = document
        for part in reference.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
        return node
    }

    static func value(_ value: JSONValue, hasType type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): true
        case ("integer", .int), ("number", .int), ("number", .double): true
        case ("integer", .double(let number)): number.rounded() == number
        default: false
        }
    }

    /// Every `$ref` anywhere in `node`.
    static func references(in node: JSONValue) -> [String] {
        switch node {
        case .object(let object):
            object.flatMap { key, value in key == "$ref" ? [value.stringValue ?? ""] : references(in: value) }
        case .array(let elements): elements.flatMap(references(in:))
        default: []
        }
    }
}
