/// The two timers: `confirm_after_s` after the last echo (`echoed` → `delivered`) and
/// `expire_after_s` after acceptance (`accepted`/`echoed` → `expired`).
extension DeliveryRecord {
    /// When `echoed` becomes `delivered`, if it is `echoed`.
    func confirmDue(policy: DeliveryPolicy) -> Double? {
        guard state == .echoed, let last = attempts.last?.lastEchoAt else { return nil }
        return last + policy.confirmAfterSeconds
    }

    /// When `accepted`/`echoed` becomes `expired`.
    func expireDue(policy: DeliveryPolicy) -> Double? {
        guard state.isAwaitingReceipt, let acceptedAt = attempts.last?.answeredAt else { return nil }
        return acceptedAt + policy.expireAfterSeconds
    }

    /// Fires what is due at `now`. A row's time is its deadline (not the moment someone looked),
    /// so the timeline does not depend on how often the reconciler ticks. When both are due at
    /// the same instant, confirmation wins: the message was confirmed within `expire_after_s`.
    mutating func fireDueTimers(at now: Double, policy: DeliveryPolicy, into rows: inout [TimelineEntry]) {
        guard let expire = expireDue(policy: policy) else { return }
        if let confirm = confirmDue(policy: policy), confirm <= expire {
            guard now >= confirm else { return }
            move(to: .delivered, at: max(confirm, updatedAt),
                 cause: "no chatMsgSendFail within \(policy.confirmAfterSeconds.secondsText)", into: &rows)
            return
        }
        guard now >= expire else { return }
        let echoed = attempts.last?.items.filter(\.hasEchoed).count ?? 0
        let words =
            if state == .echoed {
                "not confirmed within \(policy.expireAfterSeconds.secondsText) of acceptance"
            } else if echoed > 0 {
                "only \(echoed) of \(itemCount) items echoed within \(policy.expireAfterSeconds.secondsText) of acceptance"
            } else {
                "no receipt within \(policy.expireAfterSeconds.secondsText) of acceptance"
            }
        error = words
        move(to: .expired, at: max(expire, updatedAt), cause: words, into: &rows)
    }

    /// Keeps `nextActionAt` on the earliest timer while a receipt is awaited. (`queued` keeps
    /// the send time set when it entered `queued`.)
    mutating func refreshTimers(policy: DeliveryPolicy) {
        switch state {
        case .queued:
            break
        case .accepted, .echoed:
            nextActionAt = [confirmDue(policy: policy), expireDue(policy: policy)].compactMap { $0 }.min()
        case .sending, .delivered, .sent, .failed, .expired, .cancelled:
            nextActionAt = nil
        }
    }
}
