import Platform

/// Where a server listens: `HOST:PORT`, with an IPv6 host in brackets (`[::1]:8080`).
/// Port 0 is allowed: the system picks a free port (what tests want).
public struct ListenAddress: Sendable, Hashable {
    /// An IPv4 address, an IPv6 address (without brackets) or a host name.
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `127.0.0.1:8080`, the default of `wxhook serve`.
    public static let serveDefault = ListenAddress(host: "127.0.0.1", port: 8080)
    /// `127.0.0.1:9090`, the default of `wxhook sim`.
    public static let simDefault = ListenAddress(host: "127.0.0.1", port: 9090)

    /// Parses `HOST:PORT`; the error's message quotes the text and says what is wrong with it.
    public init(parsing text: String) throws(ListenAddressError) {
        let notHostPort = ListenAddressError(message: "\(quoted(text)) is not HOST:PORT")
        let host: String
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"),
                  text[text.index(after: close)...].hasPrefix(":") else { throw notHostPort }
            host = String(text[text.index(after: text.startIndex)..<close])
            portText = text[text.index(close, offsetBy: 2)...]
            guard SocketAddress.isIPv6Literal(host) else {
                throw ListenAddressError(message: "\(quoted(text)): \(quoted(host)) is not an IPv6 address")
            }
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw notHostPort }
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
            if host.contains(":") {
                throw ListenAddressError(
                    message: "\(quoted(text)) is not HOST:PORT (write an IPv6 address in brackets: [::1]:8080)")
            }
            guard !host.isEmpty else { throw notHostPort }
            if host.utf8.allSatisfy({ $0 == UInt8(ascii: ".") || ($0 >= 48 && $0 <= 57) }) {
                guard SocketAddress.isIPv4Literal(host) else {
                    throw ListenAddressError(message: "\(quoted(text)): \(quoted(host)) is not an IPv4 address")
                }
            } else if !Self.isHostName(host) {
                throw ListenAddressError(message: "\(quoted(text)): \(quoted(host)) is not a host name")
            }
        }
        guard !portText.isEmpty else { throw notHostPort }
        guard portText.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), portText.utf8.count <= 5,
              let port = Int(portText), port <= 65535 else {
            throw ListenAddressError(message: "\(quoted(text)): port \(quoted(String(portText))) is not a number from 0 to 65535")
        }
        self.init(host: host, port: port)
    }

    /// Whether only this machine can connect: 127.0.0.0/8, ::1 (also IPv4-mapped), `localhost`.
    public var isLoopback: Bool {
        host.lowercased() == "localhost" || SocketAddress.isLoopbackLiteral(host)
    }

    /// RFC 1123 labels: letters, digits and `-`, separated by dots.
    private static func isHostName(_ host: String) -> Bool {
        guard host.utf8.count <= 253 else { return false }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.utf8.allSatisfy { byte in
                    (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
                        || byte == UInt8(ascii: "-")
                }
        }
    }
}

extension ListenAddress: CustomStringConvertible {
    /// The `HOST:PORT` text, brackets around an IPv6 host.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// Why a text is not a listen address; `message` quotes the text, e.g. `"localhost" is not HOST:PORT`.
public struct ListenAddressError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(message: String) { self.message = message }

    public var description: String { message }
}

/// `"text"` with quotes and backslashes escaped, for messages that quote what the user wrote.
func quoted(_ text: String) -> String {
    var out = "\""
    for character in text {
        switch character {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default: out.append(character)
        }
    }
    return out + "\""
}
