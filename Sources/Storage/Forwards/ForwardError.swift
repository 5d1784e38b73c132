import Delivery

/// Why a forward operation did not happen. Nothing was changed when one is thrown.
public enum ForwardError: Error, Sendable, Hashable, CustomStringConvertible {
    case forwardNotFound(String)
    /// An attempt cannot start: the forward is not pending, or not due yet.
    case notStartable(forwardID: String, ForwardState)
    /// An attempt's result came for a forward that is not delivering that attempt.
    case notDelivering(forwardID: String, attempt: Int)
    /// A stored row could not be read back.
    case corruptRow(forwardID: String, reason: String)

    public var description: String {
        switch self {
        case .forwardNotFound(let id): "no forward \(id)"
        case .notStartable(let id, let state): "forward \(id) cannot start an attempt while \(state.rawValue)"
        case .notDelivering(let id, let attempt): "forward \(id) is not delivering attempt \(attempt)"
        case .corruptRow(let id, let reason): "forward \(id) unreadable: \(reason)"
        }
    }
}
