/// Where a PostgreSQL database is: a `postgres://` or `postgresql://` URL in libpq's URI syntax
/// (`postgres://user:pass@host:5432/db?sslmode=require`, `postgresql:///db?host=/run/sock`);
/// what the URL leaves out comes from libpq's `PG*` environment variables. Printing it always
/// gives the redacted form.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    /// What libpq gets. It may carry a password: never print it.
    public let connectionString: String

    public init(_ string: String) throws(PostgresError) {
        guard Self.looksLikeURL(string) else {
            throw .connect(url: Self.redact(string), reason: "not a postgres:// or postgresql:// URL")
        }
        connectionString = string
    }

    /// Whether `database` (a config value) names a PostgreSQL database rather than a SQLite file.
    public static func looksLikeURL(_ database: String) -> Bool {
        database.hasPrefix("postgres://") || database.hasPrefix("postgresql://")
    }

    /// `postgres://user:***@host/db`: the password in the user part and a `password=` parameter
    /// replaced by `***`. The only form of the URL that is ever printed.
    public var description: String { Self.redact(connectionString) }

    /// The same server and options, another database (the path of the URL).
    public func replacingDatabase(_ name: String) -> PostgresURL {
        let parts = Parts(connectionString)
        let encoded = name.unicodeScalars.allSatisfy(Self.isUnreserved) ? name : Self.percentEncode(name)
        return PostgresURL(unchecked: parts.scheme + parts.authority + "/" + encoded + parts.rest)
    }

    /// The database the URL names, percent-decoding left to libpq (empty: libpq's default).
    public var database: String {
        String(Parts(connectionString).path.dropFirst())
    }

    /// Every password the URL carries as written (the user part's, a `password=` parameter's), for
    /// a log redactor to scrub should one ever reach a line.
    public var passwords: [String] {
        let parts = Parts(connectionString)
        var found: [String] = []
        if let at = parts.authority.lastIndex(of: "@"), let colon = parts.authority[..<at].firstIndex(of: ":") {
            found.append(String(parts.authority[parts.authority.index(after: colon)..<at]))
        }
        for pair in parts.rest.dropFirst().split(whereSeparator: { $0 == "&" || $0 == "#" }) {
            let halves = pair.split(separator: "=", maxSplits: 1)
            if halves.count == 2, ["password", "sslpassword"].contains(halves[0].lowercased()) { found.append(String(halves[1])) }
        }
        return found.filter { !$0.isEmpty }
    }

    private init(unchecked: String) { connectionString = unchecked }

    static func redact(_ string: String) -> String {
        guard looksLikeURL(string) else {
            // Not a URL (a key=value string): nothing of it is safe to show but its shape.
            return string.contains("password") ? "(connection string with a password)" : string
        }
        let parts = Parts(string)
        var authority = parts.authority
        if let at = authority.lastIndex(of: "@") {
            let user = authority[..<at]
            if let colon = user.firstIndex(of: ":") {
                authority = String(user[..<colon]) + ":***" + authority[at...]
            }
        }
        return parts.scheme + authority + parts.path + redactQuery(parts.rest)
    }

    /// `?a=1&password=x#f` → `?a=1&password=***#f`.
    private static func redactQuery(_ rest: String) -> String {
        guard rest.hasPrefix("?") else { return rest }
        let fragmentStart = rest.firstIndex(of: "#") ?? rest.endIndex
        let pairs = rest[rest.index(after: rest.startIndex)..<fragmentStart].split(separator: "&", omittingEmptySubsequences: false)
        let redacted = pairs.map { pair -> String in
            let key = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            return ["password", "sslpassword"].contains(key.lowercased()) ? "\(key)=***" : String(pair)
        }
        return "?" + redacted.joined(separator: "&") + rest[fragmentStart...]
    }

    private static func isUnreserved(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._~".unicodeScalars.contains(scalar))
    }

    private static func percentEncode(_ text: String) -> String {
        text.utf8.map { byte in
            isUnreserved(Unicode.Scalar(byte)) ? String(Unicode.Scalar(byte)) : "%" + String(byte, radix: 16, uppercase: true)
                .leftPadded(to: 2)
        }.joined()
    }

    /// `scheme://` `user:pass@host:port` `/db` `?query#fragment`.
    private struct Parts {
        var scheme = "", authority = "", path = "", rest = ""

        init(_ string: String) {
            let characters = Array(string)
            guard let colon = characters.indices.first(where: { index in
                index + 2 < characters.count && characters[index] == ":" && characters[index + 1] == "/" && characters[index + 2] == "/"
            }) else {
                rest = string
                return
            }
            let authorityEnds: Set<Character> = ["/", "?", "#"], pathEnds: Set<Character> = ["?", "#"]
            let authorityStart = colon + 3
            let authorityEnd = characters[authorityStart...].firstIndex(where: authorityEnds.contains) ?? characters.endIndex
            let pathEnd = characters[authorityEnd...].firstIndex(where: pathEnds.contains) ?? characters.endIndex
            scheme = String(characters[..<authorityStart])
            authority = String(characters[authorityStart..<authorityEnd])
            path = String(characters[authorityEnd..<pathEnd])
            rest = String(characters[pathEnd...])
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
