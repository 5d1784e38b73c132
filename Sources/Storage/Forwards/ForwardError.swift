import Delivery

/// Why a forward operation did not happen. Nothing was changed when one is thrown.
public enum ForwardError: Error, Sendable, Hashable, CustomStringConvertible {
    case forwardNotFound(String)
    /// An attempt cannot start: the forward is not pending, or not due yet.
    case notStartable(forwardID: String, ForwardState)
    /// An attempt's result came for a forward that is not delivering that attempt.
    case notDelivering(forwardID: String, attempt: Int)
    /// An operator's retry of a forward that is not `failed`.
    case notRetryable(forwardID: String, ForwardState)
    /// A replay of an event the store does not hold.
    case eventNotFound(String)
    /// A replay to a subscription the configuration does not name.
    case unknownSubscription(String)
    /// A stored row could not be read back.
    case corruptRow(forwardID: String, reason: String)

    /// The HTTP status of the admin API answer this error becomes.
    public var httpStatus: Int {
        switch self {
        case .forwardNotFound, .eventNotFound: 404
        case .notStartable, .notDelivering, .notRetryable: 409
        case .unknownSubscription: 422
        case .corruptRow: 500
        }
    }

    public var description: String {
        switch self {
        case .forwardNotFound(let id): "no forward \(id)"
        case .notStartable(let id, let state): "forward \(id) cannot start an attempt while \(state.rawValue)"
        case .notDelivering(let id, let attempt): "forward \(id) is not delivering attempt \(attempt)"
        case .notRetryable(let id, let state): "forward \(id) is \(state.rawValue); only a failed forward can be retried"
        case .eventNotFound(let id): "no event \(id)"
        case .unknownSubscription(let name): "no subscription \(name)"
        case .corruptRow(let id, let reason): "forward \(id) unreadable: \(reason)"
        }
    }
}
