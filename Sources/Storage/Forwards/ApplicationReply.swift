/// What a delivered forward's answer says about replying, as the forwarder read it: a reply to
/// queue (when the reply limits let it), or why there is none. Only a forward that carries a
/// rule (a hand-off) gets one.
public enum ApplicationReply: Sendable {
    /// Queue `message` in the transaction that records the forward delivered, unless `admit`
    /// (asked inside the store's writer, in its one-at-a-time order) names a reason not to.
    case queue(NewOutboxMessage, admit: ReplyAdmission)
    /// Nothing is sent; the forward's `reply_error` says why.
    case refused(String)
}

/// The reply limits' word on a reply an application wrote, asked at `now`: nil lets it through
/// (and counts it), a reason refuses it.
public typealias ReplyAdmission = @Sendable (_ message: NewOutboxMessage, _ now: Double) -> String?
