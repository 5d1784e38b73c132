/// One answered request, for the access log. Requests refused before their head could be read
/// (a 400 for garbage, a 408, a 503 at the connection cap) have method and path `-`.
public struct AccessLogEntry: Sendable {
    public let method: String
    /// The path without its query (the query may hold a token).
    public let path: String
    public let status: Int
    /// From the first byte of the request to its answer being handed to the socket.
    public let durationMs: Double
    public let requestID: String
    /// `127.0.0.1:54321` or `[::1]:54321`.
    public let remoteAddress: String

    public init(method: String, path: String, status: Int, durationMs: Double, requestID: String,
                remoteAddress: String) {
        self.method = method
        self.path = path
        self.status = status
        self.durationMs = durationMs
        self.requestID = requestID
        self.remoteAddress = remoteAddress
    }
}
