/// Why a request could not be read, with the status to answer before closing the connection.
public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: HTTPStatus
    /// A short sentence for the client (it becomes the JSON `error`).
    public let message: String

    public init(_ status: HTTPStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status.code): \(message)" }

    /// The answer to write before closing.
    public var response: HTTPResponse { .jsonError(status, message) }
}
