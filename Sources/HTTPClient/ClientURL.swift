/// The parts of an `http://` URL a request needs. Only plain http: TLS is not ours to implement.
struct ClientURL: Sendable, Hashable {
    /// Host name or address as written, without IPv6 brackets.
    var host: String
    var port: UInt16
    /// Path and query: the request target, `/` when the URL has no path.
    var target: String
    /// The `Host` header: the authority as the URL wrote it.
    var authority: String

    /// Nil for anything but a well-formed `http://host[:port][/path][?query]` (fragments are
    /// dropped; user info is refused, since it would be sent nowhere and is likely a mistake).
    init?(_ text: String) {
        let scheme = "http://"
        guard text.utf8.count > scheme.utf8.count,
              text.prefix(scheme.count).lowercased() == scheme else { return nil }
        var rest = Substring(text.dropFirst(scheme.count))
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...])
        if target.isEmpty || target.first == "?" { target = "/" + target }
        guard !authority.isEmpty, !authority.contains("@"),
              target.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }

        var hostPart = authority
        var portPart: Substring?
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { return nil }
                portPart = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty,
              hostPart.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") }) else { return nil }
        var port: UInt16 = 80
        if let portPart {
            guard !portPart.isEmpty, portPart.count <= 5, portPart.allSatisfy(\.isASCII),
                  let value = UInt16(portPart), value > 0 else { return nil }
            port = value
        }
        self.host = String(hostPart)
        self.port = port
        self.target = target
        self.authority = String(authority)
    }
}
