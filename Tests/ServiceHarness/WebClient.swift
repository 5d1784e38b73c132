import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import JSON

/// Talks to the service (or the simulator) as providers and operators do: URLSession, somebody
/// else's HTTP client.
package struct WebClient: Sendable {
    package let base: String
    /// Sent as `Authorization: Bearer …` with every request when set (the admin token).
    package var bearer: String?

    package init(base: String, bearer: String? = nil) {
        self.base = base
        self.bearer = bearer
    }

    /// An answer as URLSession saw it; read through our JSON module's typed accessors or decoded
    /// into a `Decodable` view (snake_case keys).
    package struct Answer: Sendable {
        package let status: Int
        package let body: Data
        /// Lower-cased names.
        package let headers: [String: String]

        package var text: String { String(decoding: body, as: UTF8.self) }
        /// The body parsed; `.null` when it is not JSON.
        package var json: JSONValue { (try? JSON.parse([UInt8](body))) ?? .null }
        /// `error` of `{"ok":false,"error":"…"}`, or nil when the answer is not that shape.
        package var error: String? {
            guard json["ok"] == .bool(false) else { return nil }
            return json["error"]?.stringValue
        }
        package var items: [JSONValue] { json["items"]?.arrayValue ?? [] }

        package func decode<T: Decodable>(_: T.Type = T.self) throws -> T {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(T.self, from: body)
        }
    }

    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        configuration.httpMaximumConnectionsPerHost = 64
        return URLSession(configuration: configuration)
    }()

    package func post(_ path: String, body: String, contentType: String? = "application/json") async throws -> Answer {
        try await send("POST", path, body: Data(body.utf8), contentType: contentType)
    }

    package func get(_ path: String) async throws -> Answer {
        try await send("GET", path, body: nil, contentType: nil)
    }

    /// `headers` for what the helpers above do not set (`Idempotency-Key`).
    package func send(_ method: String, _ path: String, body: Data?, contentType: String? = nil,
                      headers: [String: String] = [:]) async throws -> Answer {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await Self.session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw HarnessFailure("\(method) \(path): not an HTTP answer") }
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields["\(key)".lowercased()] = "\(value)" }
        return Answer(status: http.statusCode, body: data, headers: fields)
    }
}

/// Why the harness could not do what a test asked; the message says what it saw.
package struct HarnessFailure: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}
