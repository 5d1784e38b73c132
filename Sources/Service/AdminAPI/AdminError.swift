import HTTP
import Storage

/// Why an admin API call was refused: the status and the words of `{"ok":false,"error":"…"}`.
/// Every handler turns its failures into one of these, and `response` is the one place they
/// become HTTP answers.
struct AdminError: Error, Sendable, Equatable {
    let status: HTTPStatus
    let message: String

    init(_ status: HTTPStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    /// The request cannot be read: not JSON, a field of the wrong type, a malformed parameter.
    static func badRequest(_ message: String) -> AdminError { AdminError(.badRequest, message) }
    /// The request reads fine but asks for something that cannot be done (unknown account …).
    static func unprocessable(_ message: String) -> AdminError { AdminError(.unprocessableContent, message) }

    var response: HTTPResponse { .jsonError(status, message) }

    /// A failure of the outbox or the database, in words that carry no SQL, path or secret:
    /// the outbox's and the forwards' typed refusals keep their status (404, 409, 422); storage errors are 503,
    /// so a client knows to retry.
    static func store(_ error: any Error) -> AdminError {
        if let error = error as? OutboxError {
            return AdminError(HTTPStatus(code: error.httpStatus), error.description)
        }
        if let error = error as? ForwardError {
            return AdminError(HTTPStatus(code: error.httpStatus), error.description)
        }
        return AdminError(.serviceUnavailable, StoreFailure.describe(error) + "; retry later")
    }
}

/// Only values shaped like names (`[A-Za-z0-9_-]{1,64}`) are repeated back in error messages,
/// so an answer never reflects arbitrary input — a pasted credential, say.
enum Echo {
    static func quoted(_ value: String) -> String {
        AccountName.isValid(value) ? " \"\(value)\"" : ""
    }
}
