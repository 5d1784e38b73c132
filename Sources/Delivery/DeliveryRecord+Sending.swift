/// Starting an attempt and applying the provider's answer to it (or its absence: a retryable
/// failure, a restart). Callbacks recorded while `sending` are applied here.
extension DeliveryRecord {
    mutating func start(
        attempt number: Int, apiSendIDs ids: [String], at time: Double, into rows: inout [TimelineEntry]
    ) throws(DeliveryRefusal) {
        guard state == .queued else { throw .notQueued(state) }
        if let due = nextActionAt, time < due { throw .notDue(until: due) }
        guard number == nextAttemptNumber else { throw .attemptOutOfOrder(expected: nextAttemptNumber, got: number) }
        guard ids.count == itemCount else { throw .itemCountMismatch(expected: itemCount, got: ids.count) }
        var seen = Set<String>(minimumCapacity: ids.count)
        for id in ids {
            let reused = attempts.contains { $0.items.contains { $0.apiSendID == id } }
            guard !id.isEmpty, !reused, seen.insert(id).inserted else { throw .apiSendIDNotFresh(id) }
        }
        attempts.append(DeliveryAttempt(number: number, startedAt: time, items: ids.map { ItemDelivery(apiSendID: $0) }))
        nextActionAt = nil
        move(to: .sending, at: time, cause: "attempt \(number)", into: &rows)
    }

    mutating func accept(providerIDs ids: [String?], at time: Double, into rows: inout [TimelineEntry]) throws(DeliveryRefusal) {
        guard state == .sending else { throw .notSending(state) }
        guard hasReceipts else { throw .outcomeDoesNotFitProvider(.accepted, hasReceipts: false) }
        guard ids.count == itemCount else { throw .itemCountMismatch(expected: itemCount, got: ids.count) }
        var attempt = current
        var missing: Int?
        for index in attempt.items.indices {
            if let id = ids[index] { attempt.items[index].providerID = id }
            // An answer only settles items no callback has settled yet: an echo already proves the
            // provider took the item, whatever the answer's list says.
            guard attempt.items[index].status == .pending else { continue }
            if ids[index] == nil {
                attempt.items[index].status = .rejected
                attempt.items[index].error = "not in the provider's answer"
                missing = missing ?? index
            } else {
                attempt.items[index].status = .accepted
            }
        }
        attempt.answeredAt = time
        if let missing {
            let words = "item \(missing + 1): not in the provider's answer"
            attempt.outcome = .rejected
            attempt.error = words
            current = attempt
            fail(words, at: time, cause: words, into: &rows)
            return
        }
        attempt.outcome = .accepted
        current = attempt
        move(to: .accepted, at: time, cause: "attempt \(attempt.number) accepted", into: &rows)
        applyEarlyCallbacks(at: time, into: &rows)
    }

    mutating func markSent(providerIDs ids: [String?], at time: Double, into rows: inout [TimelineEntry]) throws(DeliveryRefusal) {
        guard state == .sending else { throw .notSending(state) }
        guard !hasReceipts else { throw .outcomeDoesNotFitProvider(.sent, hasReceipts: true) }
        guard ids.count == itemCount else { throw .itemCountMismatch(expected: itemCount, got: ids.count) }
        var attempt = current
        for index in attempt.items.indices {
            attempt.items[index].providerID = ids[index]
            attempt.items[index].status = .sent
        }
        attempt.outcome = .sent
        attempt.answeredAt = time
        current = attempt
        move(to: .sent, at: time, cause: "attempt \(attempt.number) sent", into: &rows)
    }

    mutating func reject(reason: String, itemIndex: Int?, at time: Double, into rows: inout [TimelineEntry]) throws(DeliveryRefusal) {
        guard state == .sending else { throw .notSending(state) }
        if let itemIndex, !(0..<itemCount).contains(itemIndex) {
            throw .itemIndexOutOfRange(itemIndex, itemCount: itemCount)
        }
        var attempt = current
        for index in attempt.items.indices where itemIndex == nil || itemIndex == index {
            attempt.items[index].status = .rejected
            attempt.items[index].error = reason
        }
        let words = itemIndex.map { "item \($0 + 1): \(reason)" } ?? reason
        attempt.outcome = .rejected
        attempt.answeredAt = time
        attempt.error = words
        current = attempt
        fail(words, at: time, cause: words, into: &rows)
    }

    mutating func retryLater(
        reason: String, jitter: Double, at time: Double, policy: DeliveryPolicy, into rows: inout [TimelineEntry]
    ) throws(DeliveryRefusal) {
        guard state == .sending else { throw .notSending(state) }
        if settleFromEarlyCallbacks(because: reason, at: time, into: &rows) { return }
        current.outcome = .retryable
        current.answeredAt = time
        current.error = reason
        if attemptsInBudget >= policy.attemptLimit {
            let words = "\(reason); gave up after \(attemptsInBudget) attempts"
            fail(words, at: time, cause: words, into: &rows)
            return
        }
        let delay = policy.retrySchedule.delay(afterAttempt: attemptsInBudget, unitRandom: jitter)
        nextActionAt = time + delay
        move(to: .queued, at: time, cause: "\(reason) (retry in \(delay.delayText))", into: &rows)
    }

    mutating func recover(because cause: String, at time: Double, into rows: inout [TimelineEntry])
        throws(DeliveryRefusal) {
        guard state == .sending else { throw .notSending(state) }
        if settleFromEarlyCallbacks(because: cause, at: time, into: &rows) { return }
        current.outcome = .interrupted
        current.answeredAt = time
        current.error = cause
        // At-least-once: the request may have left, but without any word of it we send again,
        // right away and whatever the budget says (nothing proves the attempt failed).
        nextActionAt = time
        move(to: .queued, at: time, cause: cause, into: &rows)
    }

    /// The answer is lost (timeout, 5xx, restart), but callbacks that already came for this attempt
    /// prove the provider took it (云真机 echoes every message that passed its validation): then the
    /// attempt counts as accepted instead of being sent again — a resend would reach the customer
    /// twice. Returns whether the callbacks settled it.
    private mutating func settleFromEarlyCallbacks(
        because reason: String, at time: Double, into rows: inout [TimelineEntry]
    ) -> Bool {
        guard hasReceipts, current.anyEchoed || current.firstFailure != nil else { return false }
        current.outcome = .accepted
        current.answeredAt = time
        for index in current.items.indices where current.items[index].status == .pending {
            current.items[index].status = .accepted
        }
        let proof = (current.firstFailure?.item ?? current.items.first(where: \.hasEchoed))
        let label = proof.map(\.callbackLabel) ?? "a callback"
        move(to: .accepted, at: time,
             cause: "\(reason), but \(label) had come: attempt \(current.number) counts as accepted", into: &rows)
        applyEarlyCallbacks(at: time, into: &rows)
        return true
    }

    /// After acceptance, applies the callbacks that overtook the answer: a failure fails the
    /// message, echoes of every item make it `echoed`.
    private mutating func applyEarlyCallbacks(at time: Double, into rows: inout [TimelineEntry]) {
        let attempt = current
        if let (index, item) = attempt.firstFailure {
            let words = "item \(index + 1): \(item.error ?? "send failed")"
            current.error = words
            fail(words, at: time, cause: "\(item.callbackLabel) came before the answer: \(words)", into: &rows)
        } else if attempt.allEchoed, let last = attempt.items.max(by: { ($0.echoedAt ?? 0) < ($1.echoedAt ?? 0) }) {
            move(to: .echoed, at: time, cause: "\(last.callbackLabel) came before the answer: every item echoed", into: &rows)
        }
    }
}

extension ItemDelivery {
    /// "chatMsgSendFail e_…" for a failed item, else "chatMsg e_…".
    var callbackLabel: String {
        if hasFailed { return "chatMsgSendFail \(failureEventID ?? "")" }
        return "chatMsg \(echoEventID ?? "")"
    }
}
