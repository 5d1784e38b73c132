import Core
import Delivery

/// A receipt or failure as the state machine needs it, from an inbound event or a stored one:
/// what every engine applies to the message the callback names.
struct StoredCallback {
    let isFailure: Bool
    let reference: CallbackReference
    let error: String?

    /// Nil for events that are not callbacks, or carry no id to match.
    init?(kind: EventKind, apiSendID: String?, providerID: String?, error: String?) {
        guard kind == .receipt || kind == .sendFailure else { return nil }
        let reference = CallbackReference(apiSendID: apiSendID, providerID: providerID)
        guard reference.apiSendID != nil || reference.providerID != nil else { return nil }
        self.isFailure = kind == .sendFailure
        self.reference = reference
        self.error = error
    }

    func event(eventID: String) -> DeliveryEvent {
        isFailure
            ? .sendFailure(reference, errmsg: error ?? "no errmsg given", eventID: eventID)
            : .echo(reference, eventID: eventID)
    }
}
