import Foundation

/// One line of a file in the repository, with where it is.
struct SourceLine {
    /// Relative to the repository root: `Sources/Core/Events/EventKind.swift`.
    let file: String
    /// The absolute path.
    let path: String
    /// 1-based.
    let number: Int
    let text: Substring

    /// The folder below `Sources/` or `Tests/` the file is in: its module.
    var module: String {
        file.split(separator: "/").dropFirst().first.map(String.init) ?? ""
    }

    /// A Swift line comment or doc comment (`//`, `///`) or a block comment's continuation (`*`).
    var isComment: Bool {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        return trimmed.hasPrefix("//") || trimmed.hasPrefix("*") || trimmed.hasPrefix("/*")
    }

    /// `file:line: text`, one per line, for a failure message.
    static func list(_ lines: [SourceLine]) -> String {
        lines.map { "\($0.file):\($0.number): \($0.text.trimmingCharacters(in: .whitespaces))" }
            .joined(separator: "\n")
    }
}

/// The repository's own files: what git would track, without build folders, fuzz corpora and the
/// packages that builds fetch.
struct SourceTree {
    let root: URL

    /// The files whose text is read: code, scripts, documents, configuration.
    static let textExtensions: Set<String> = ["swift", "md", "sh", "py", "lua", "js", "html", "css", "json", "conf",
                                              "service", "h", "modulemap", "yml", "yaml", "toml", "txt", ""]
    /// Folders never entered.
    static let skippedFolders: Set<String> = [".git", ".swiftpm", "Corpus", "data"]

    /// Every line of every file below `folder` (relative to the root) with one of `extensions`.
    func lines(under folder: String, extensions: Set<String>) throws -> [SourceLine] {
        var lines: [SourceLine] = []
        for file in try files(under: folder) where extensions.contains((file as NSString).pathExtension) {
            let path = root.appending(path: file).path
            guard let data = FileManager.default.contents(atPath: path),
                  let text = String(data: data, encoding: .utf8) else { continue }
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                lines.append(SourceLine(file: file, path: URL(filePath: path).standardizedFileURL.path,
                                        number: index + 1, text: line))
            }
        }
        return lines
    }

    /// Relative paths of the regular files below `folder`, sorted.
    func files(under folder: String) throws -> [String] {
        let base = root.appending(path: folder).standardizedFileURL
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isDirectoryKey]) else {
            return []
        }
        let rootPath = root.standardizedFileURL.path
        var files: [String] = []
        for case let url as URL in walker {
            let name = url.lastPathComponent
            if try url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory == true {
                if name.hasPrefix(".build") || Self.skippedFolders.contains(name) {
                    walker.skipDescendants()
                }
                continue
            }
            // A worktree's `.git` is a file that names where the repository is.
            let path = url.standardizedFileURL.path
            guard name != ".git", path.hasPrefix(rootPath + "/") else { continue }
            files.append(String(path.dropFirst(rootPath.count + 1)))
        }
        return files.sorted()
    }

    /// Whether `name` (as a file mentions it) is a file beside `file`, below the root, or — a bare
    /// document name — in `docs/`.
    func exists(_ name: String, nextTo file: String) -> Bool {
        let besides = root.appending(path: (file as NSString).deletingLastPathComponent).appending(path: name)
        var candidates = [besides, root.appending(path: name)]
        if !name.contains("/") { candidates.append(root.appending(path: "docs").appending(path: name)) }
        return candidates.contains { FileManager.default.fileExists(atPath: $0.standardizedFileURL.path) }
    }

    /// Whether `name` reads as a path in this repository: relative, and starting beside the file,
    /// at the root or upwards (`../`), rather than somewhere on an installed machine
    /// (`usr/share/doc/…`, `/etc/…`).
    func isRepositoryPath(_ name: String, nextTo file: String) -> Bool {
        guard !name.hasPrefix("/") else { return false }
        guard let first = name.split(separator: "/").first, name.contains("/") else { return true }
        return first == "." || first == ".." || exists(String(first), nextTo: file)
    }
}

extension Substring {
    /// The run of non-space characters around `range`.
    func wordAround(_ range: Range<Index>) -> Substring {
        let start = self[..<range.lowerBound].lastIndex(where: \.isWhitespace).map(index(after:)) ?? startIndex
        let end = self[range.upperBound...].firstIndex(where: \.isWhitespace) ?? endIndex
        return self[start..<end]
    }
}

// What a line of Swift calls and declares, read without a parser: enough for the house rules.
extension SourceLine {
    /// Names called on this line as free functions — `name(` not after `.`, `$` or another name
    /// character — with a first argument that has no label, as a C function's never does.
    func freeCalls(among names: Set<String>) -> [String] {
        let bytes = Array(text.utf8)
        var calls: [String] = []
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "(") {
            var end = index
            while end > 0, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
            var start = end
            while start > 0, Self.isNameByte(bytes[start - 1]) { start -= 1 }
            guard start < end else { continue }
            let name = String(decoding: bytes[start..<end], as: UTF8.self)
            guard names.contains(name) else { continue }
            if start > 0, bytes[start - 1] == UInt8(ascii: ".") || bytes[start - 1] == UInt8(ascii: "$") { continue }
            if Self.firstArgumentIsUnlabeled(bytes, after: index) { calls.append(name) }
        }
        return calls
    }

    /// The names this line declares with `func`.
    var declaredFunctions: [String] {
        let bytes = Array(text.utf8)
        let keyword = Array("func ".utf8)
        var names: [String] = []
        var index = 0
        while index + keyword.count <= bytes.count {
            defer { index += 1 }
            guard bytes[index..<(index + keyword.count)].elementsEqual(keyword),
                  index == 0 || !Self.isNameByte(bytes[index - 1]) else { continue }
            var start = index + keyword.count
            while start < bytes.count, bytes[start] == UInt8(ascii: " ") { start += 1 }
            var end = start
            while end < bytes.count, Self.isNameByte(bytes[end]) { end += 1 }
            if start < end { names.append(String(decoding: bytes[start..<end], as: UTF8.self)) }
        }
        return names
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || byte >= 0x80 || (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90)
            || (byte >= 97 && byte <= 122)
    }

    /// After the `(` at `open`: an argument follows, and it is not `label:` (`::` is not a label).
    private static func firstArgumentIsUnlabeled(_ bytes: [UInt8], after open: Int) -> Bool {
        var index = open + 1
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        guard index < bytes.count, bytes[index] != UInt8(ascii: ")") else { return false }
        var end = index
        while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
        guard end > index else { return true }
        while end < bytes.count, bytes[end] == UInt8(ascii: " ") { end += 1 }
        let labeled = end < bytes.count && bytes[end] == UInt8(ascii: ":")
            && !(end + 1 < bytes.count && bytes[end + 1] == UInt8(ascii: ":"))
        return !labeled
    }
}
