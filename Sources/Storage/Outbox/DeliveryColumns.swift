import Delivery
import JSON

/// The copies of a delivery record that both engines keep in columns of `messages`, for indexes,
/// filters and the reconciler's timers; the record itself stays the one source of truth.
enum DeliveryColumns {
    /// `awaiting_since`: the acceptance the expiry timer counts from, while a receipt is awaited.
    static func awaitingSince(_ record: DeliveryRecord) -> Double? {
        record.state.isAwaitingReceipt ? record.latestAttempt?.answeredAt : nil
    }

    /// `confirm_at`: the record's next timer while it is `echoed` (confirmation, or an earlier expiry).
    static func confirmAt(_ record: DeliveryRecord) -> Double? {
        record.state == .echoed ? record.nextActionAt : nil
    }

    /// `provider_ids` as stored: a JSON array, null where an item's id is unknown.
    static func providerIDsText(_ ids: [String?]) -> String {
        var writer = JSONWriter(capacity: 16 + 40 * ids.count)
        writer.array { w in
            for id in ids {
                if let id { w.string(id) } else { w.null() }
            }
        }
        return writer.text
    }
}

/// The ids an event taught the outbox: new `api_send_id`s, new provider ids. A callback that
/// arrived earlier under one of them may now be applied.
struct LearnedIDs {
    var apiSendIDs: [String] = []
    var providerIDs: [String] = []
    var isEmpty: Bool { apiSendIDs.isEmpty && providerIDs.isEmpty }
}
