import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Talks to the service as providers and operators do: URLSession, somebody else's HTTP client.
struct HTTPClient: Sendable {
    let base: String
    /// Sent as `Authorization: Bearer …` with every request when set (the admin token).
    var bearer: String? = nil

    struct Answer: Sendable {
        let status: Int
        let body: Data
        let headers: [String: String]
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        configuration.httpMaximumConnectionsPerHost = 64
        return URLSession(configuration: configuration)
    }()

    func post(_ path: String, body: String, contentType: String? = "application/json") async throws -> Answer {
        try await send("POST", path, body: Data(body.utf8), contentType: contentType)
    }

    func get(_ path: String) async throws -> Answer {
        try await send("GET", path, body: nil, contentType: nil)
    }

    /// `headers` for what the helpers above do not set (`Idempotency-Key`).
    func send(_ method: String, _ path: String, body: Data?, contentType: String? = nil,
              headers: [String: String] = [:]) async throws -> Answer {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await Self.session.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers["\(key)".lowercased()] = "\(value)" }
        return Answer(status: http.statusCode, body: data, headers: headers)
    }
}
