import JSON

/// Turns the files of a rules folder into a `RuleSet`, or refuses the set as a whole with every
/// problem (docs/rules.md, "Loading, problems and reloads"). Pure: the caller reads the folder and
/// passes names and bytes.
public enum RuleSetLoader {
    /// Every `*.json` but `materials.json` is a rule file, read in name order; a top-level object
    /// is the native format, a top-level array the 公众号 export. Other names are ignored.
    /// `subscriptions` are the names a `forward` reply may hand a message to; nil leaves them
    /// unchecked.
    public static func load(files: [(name: String, bytes: [UInt8])], subscriptions: Set<String>? = nil)
        -> Result<RuleSet, RuleLoadErrors> {
        let jsonFiles = files.filter { $0.name.hasSuffix(".json") }
            .sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        var problems: [RuleLoadError] = []

        var materials = Materials()
        if let file = jsonFiles.first(where: { isMaterials($0.name) }) {
            var reader = FileReader(file: file.name)
            if let root = parse(file, &reader) {
                materials = Materials.read(root, into: &reader)
            } else {
                materials.present = true
            }
            problems += reader.problems
        }

        var parsedFiles: [(name: String, parsed: ParsedFile)] = []
        for file in jsonFiles where !isMaterials(file.name) {
            var reader = FileReader(file: file.name, subscriptions: subscriptions)
            if let root = parse(file, &reader) {
                switch root.kind {
                case .object:
                    parsedFiles.append((file.name, NativeRuleFile.read(root, into: &reader)))
                case .array(let records):
                    parsedFiles.append((file.name, ExportRuleFile.read(records, materials: materials, into: &reader)))
                default:
                    reader.report(root.line, "a rule file must be an object {\"rules\": […]} or a 公众号 export array, found \(root.typeName)")
                }
            }
            problems += reader.problems
        }
        problems += duplicates(in: parsedFiles)

        guard problems.isEmpty else {
            let order = Dictionary(jsonFiles.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
            let sorted = problems.enumerated().sorted { left, right in
                let leftKey = (order[left.element.file] ?? 0, left.element.line, left.offset)
                let rightKey = (order[right.element.file] ?? 0, right.element.line, right.offset)
                return leftKey < rightKey
            }
            return .failure(RuleLoadErrors(sorted.map(\.element)))
        }
        let parsed = parsedFiles.map(\.parsed)
        return .success(RuleSet(rules: parsed.flatMap(\.rules),
                                defaultReply: parsed.lazy.compactMap(\.defaultReply).first,
                                subscribeReply: parsed.lazy.compactMap(\.subscribeReply).first,
                                files: jsonFiles.map(\.name),
                                sourceHash: RuleSet.sourceHash(of: jsonFiles)))
    }

    static func isMaterials(_ name: String) -> Bool {
        name == Materials.fileName || name.hasSuffix("/" + Materials.fileName)
    }

    private static func parse(_ file: (name: String, bytes: [UInt8]), _ reader: inout FileReader) -> JSONNode? {
        do {
            return try JSON.parseLocated(file.bytes)
        } catch {
            reader.report(error.line, "invalid JSON: \(error.message) (column \(error.column))")
            return nil
        }
    }

    /// Rule names used twice and special replies defined twice, anywhere in the set: reported at
    /// every place, each naming the others.
    private static func duplicates(in files: [(name: String, parsed: ParsedFile)]) -> [RuleLoadError] {
        var places: [String: [(file: String, line: Int)]] = [:]
        var order: [String] = []
        func note(_ key: String, _ file: String, _ line: Int) {
            if places[key] == nil { order.append(key) }
            places[key, default: []].append((file, line))
        }
        for (file, parsed) in files {
            for (name, line) in parsed.ruleNames { note("rule name \"\(name)\"", file, line) }
            if let line = parsed.defaultLine { note("the default reply", file, line) }
            if let line = parsed.subscribeLine { note("the subscribe reply", file, line) }
        }
        var problems: [RuleLoadError] = []
        for key in order {
            guard let list = places[key], list.count > 1 else { continue }
            for (index, place) in list.enumerated() {
                let others = list.enumerated().filter { $0.offset != index }
                    .map { "\($0.element.file):\($0.element.line)" }.joined(separator: ", ")
                let verb = key.hasPrefix("rule name") ? "is used more than once" : "is defined more than once"
                problems.append(RuleLoadError(file: place.file, line: place.line, message: "\(key) \(verb) (also at \(others))"))
            }
        }
        return problems
    }
}
