/// `chatMsg` echoes and `chatMsgSendFail` failures. Only the latest attempt's callbacks can move
/// the state; every other callback still leaves a `from == to` row that says what came.
extension DeliveryRecord {
    mutating func receiveEcho(
        _ reference: CallbackReference, eventID: String, at time: Double, into rows: inout [TimelineEntry]
    ) throws(DeliveryRefusal) {
        guard let (attemptIndex, itemIndex) = locate(reference) else { throw .noMatchingAttempt(reference) }
        let label = "chatMsg \(eventID)"
        guard hasReceipts else { return note(noReceipts(label, attemptIndex: attemptIndex), at: time, into: &rows) }
        let item = attempts[attemptIndex].items[itemIndex]
        if item.hasEchoed {
            note("repeated \(label) for \(itemName(itemIndex)) of attempt \(attempts[attemptIndex].number)", at: time, into: &rows)
            return
        }
        // The fact is kept even when it changes nothing: the attempt history shows what came.
        attempts[attemptIndex].items[itemIndex].echoedAt = time
        attempts[attemptIndex].items[itemIndex].echoEventID = eventID
        if attempts[attemptIndex].items[itemIndex].providerID == nil {
            attempts[attemptIndex].items[itemIndex].providerID = reference.providerID
        }
        if [.pending, .accepted].contains(item.status) {
            attempts[attemptIndex].items[itemIndex].status = .echoed
        }
        if let ignored = ignoredReason(label, attemptIndex: attemptIndex) {
            note(ignored, at: time, into: &rows)
            return
        }
        switch state {
        case .sending:
            note("\(label) for \(itemName(itemIndex)) came before the send's answer", at: time, into: &rows)
        case .accepted where current.allEchoed:
            let which = itemCount == 1 ? label : "\(label) for \(itemName(itemIndex)): every item echoed"
            move(to: .echoed, at: time, cause: which, into: &rows)
        case .accepted:
            let echoed = current.items.filter(\.hasEchoed).count
            note("\(label) for \(itemName(itemIndex)) (\(echoed) of \(itemCount) items echoed)", at: time, into: &rows)
        default:
            note("\(label) for \(itemName(itemIndex)) changes nothing: the message is \(state.rawValue)", at: time, into: &rows)
        }
    }

    mutating func receiveFailure(
        _ reference: CallbackReference, errmsg: String, eventID: String, at time: Double, into rows: inout [TimelineEntry]
    ) throws(DeliveryRefusal) {
        guard let (attemptIndex, itemIndex) = locate(reference) else { throw .noMatchingAttempt(reference) }
        let label = "chatMsgSendFail \(eventID)"
        guard hasReceipts else { return note(noReceipts(label, attemptIndex: attemptIndex), at: time, into: &rows) }
        let item = attempts[attemptIndex].items[itemIndex]
        if item.hasFailed {
            note("repeated \(label) for \(itemName(itemIndex)) of attempt \(attempts[attemptIndex].number): \(errmsg)",
                 at: time, into: &rows)
            return
        }
        attempts[attemptIndex].items[itemIndex].failedAt = time
        attempts[attemptIndex].items[itemIndex].failureEventID = eventID
        attempts[attemptIndex].items[itemIndex].error = errmsg
        if item.status != .rejected { attempts[attemptIndex].items[itemIndex].status = .failed }
        if attempts[attemptIndex].items[itemIndex].providerID == nil {
            attempts[attemptIndex].items[itemIndex].providerID = reference.providerID
        }
        if let ignored = ignoredReason(label, attemptIndex: attemptIndex) {
            note(ignored, at: time, into: &rows)
            return
        }
        let words = "\(itemName(itemIndex)): \(errmsg)"
        switch state {
        case .sending:
            note("\(label) for \(itemName(itemIndex)) came before the send's answer: \(errmsg)", at: time, into: &rows)
        case .accepted, .echoed:
            current.error = current.error ?? words
            fail(words, at: time, cause: "\(label): \(words)", into: &rows)
        case .delivered, .expired:
            current.error = current.error ?? words
            fail(words, at: time, cause: "late \(label) after \(state.rawValue): \(words)", into: &rows)
        default:
            note("\(label) for \(itemName(itemIndex)) changes nothing: the message is \(state.rawValue) (\(errmsg))",
                 at: time, into: &rows)
        }
    }

    /// Why a callback of this attempt cannot move the state, or nil when it may.
    private func ignoredReason(_ label: String, attemptIndex: Int) -> String? {
        let number = attempts[attemptIndex].number
        if attemptIndex != attempts.count - 1 {
            return "\(label) for attempt \(number) ignored: attempt \(current.number) is current"
        }
        switch state {
        case .queued:
            return "\(label) for attempt \(number) ignored: the message is queued for attempt \(nextAttemptNumber)"
        case .cancelled:
            return "\(label) for attempt \(number) ignored: the message is cancelled"
        default:
            return nil
        }
    }

    /// Providers without receipts have no callbacks to apply; one that matches anyway is noted.
    private func noReceipts(_ label: String, attemptIndex: Int) -> String {
        "\(label) for attempt \(attempts[attemptIndex].number) ignored: this provider sends no receipts"
    }

    func itemName(_ index: Int) -> String { "item \(index + 1)" }
}
