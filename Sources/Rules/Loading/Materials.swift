import JSON

/// `materials.json`: the replies a 公众号 export's `reply_id`s name, `{"id": {message item}}`.
struct Materials {
    static let fileName = "materials.json"

    /// The valid items by id.
    var items: [String: MessageTemplate] = [:]
    /// Every id the file defines, valid or not: a bad item is reported once, not again at
    /// each use.
    var ids: Set<String> = []
    /// Whether the folder has a `materials.json`.
    var present = false
    /// Whether it parsed as an object: when not, its problems are reported and no `reply_id`
    /// is checked against it.
    var readable = false

    static func read(_ root: JSONNode, into reader: inout FileReader) -> Materials {
        var materials = Materials()
        materials.present = true
        guard let members = root.members else {
            reader.report(root.line, "materials.json must be an object {\"id\": {message item}}, found \(root.typeName)")
            return materials
        }
        materials.readable = true
        for member in members {
            if materials.ids.contains(member.key) {
                reader.report(member.keyLine, "material \"\(member.key)\" is defined twice")
                continue
            }
            materials.ids.insert(member.key)
            if let template = reader.messageTemplate(member.value) { materials.items[member.key] = template }
        }
        return materials
    }
}
