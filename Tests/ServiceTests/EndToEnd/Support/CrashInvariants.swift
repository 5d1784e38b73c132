import Foundation
import JSON
import ServiceHarness

/// The promises a SIGKILL must not break, judged from what the admin API and the simulator
/// show. Each returns one readable line per violation.
enum CrashInvariants {
    /// 1. Every request acknowledged (webhook 200, send 202) is stored exactly once, under the id
    /// its acknowledgement named; nothing is stored that no client posted. `events` are bot-admin
    /// `message` events, `sends` the outbox's `api` messages, both read within `scope`.
    static func acknowledgedStoredOnce(_ entries: [RequestLedger.Entry], events: [EventView], sends: [OutboxEntry],
                                       scope: (String) -> Bool, when: String) -> [String] {
        var stored: [String: [String]] = [:]
        for event in events { stored[CrashWorkload.identity(inText: event.text ?? ""), default: []].append(event.id) }
        for message in sends { stored[CrashWorkload.identity(inText: message.texts.first ?? ""), default: []].append(message.id) }
        var violations: [String] = []
        var known: Set<String> = []
        for entry in entries where scope(entry.request.identity) {
            let identity = entry.request.identity
            known.insert(identity)
            let what = entry.request.kind == .send ? "send" : "webhook"
            let ids = stored[identity] ?? []
            if ids.count > 1 { violations.append("\(when): \(what) \(identity) stored \(ids.count) times: \(ids.joined(separator: ", "))") }
            guard let acknowledged = entry.id else { continue }
            if ids.isEmpty {
                violations.append("\(when): \(what) \(identity) acknowledged as \(acknowledged) is missing")
            } else if !ids.contains(acknowledged) {
                violations.append("\(when): \(what) \(identity) acknowledged as \(acknowledged) but stored as \(ids.joined(separator: ", "))")
            }
        }
        for (identity, ids) in stored where scope(identity) && !known.contains(identity) {
            violations.append("\(when): \(ids.joined(separator: ", ")) stored for \(identity), which no client posted")
        }
        return violations
    }

    /// 2. Every stored inbound message with the keyword has exactly one reply, to its
    /// conversation, quoting it; one without has none; no reply answers an unknown event.
    static func repliesMatchRules(events: [EventView], messages: [OutboxEntry]) -> [String] {
        var replies: [String: [OutboxEntry]] = [:]
        for message in messages where message.origin == "rule" { replies[message.inReplyTo ?? "nil", default: []].append(message) }
        var violations: [String] = []
        for event in events {
            let text = event.text ?? ""
            let found = replies.removeValue(forKey: event.id) ?? []
            let expected = text.contains(CrashWorkload.keyword) ? 1 : 0
            if found.count != expected {
                violations.append("event \(event.id) \"\(text)\" has \(found.count) replies, expected \(expected): "
                                  + found.map(\.id).joined(separator: ", "))
            }
            for reply in found where reply.conversation != event.conversation
                || reply.texts != [CrashWorkload.replyText(to: text)] || reply.rule != "price" {
                violations.append("reply \(reply.id) to \(event.id) goes to \(reply.conversation) with \(reply.texts) by \(reply.rule ?? "nil")")
            }
        }
        for (event, orphans) in replies {
            violations.append("replies \(orphans.map(\.id).joined(separator: ", ")) answer \(event), not a stored message")
        }
        return violations
    }

    /// 3. Every message is final once the run has settled.
    static func allFinal(_ messages: [OutboxEntry]) -> [String] {
        messages.filter { !$0.isFinal }.map { "message \($0.id) (\($0.origin)) still \($0.state) after the run settled" }
    }

    /// What a customer saw of one request, as "conversation|text": one sighting per yunzhenji
    /// `messages` entry (a request may carry several queued messages of one conversation).
    static func sightings(of request: SimRequest) -> [String] {
        guard let entries = request.body["messages"]?.arrayValue, let target = request.body["target_wxid"]?.stringValue else {
            return [request.sightingKey]
        }
        return entries.map { entry in
            let items = entry["content"]?["items"]?.arrayValue ?? []
            return target + "|" + items.compactMap { $0["text"]?.stringValue }.joined(separator: "+")
        }
    }

    /// The sightings the provider saw more than once, with their counts.
    static func repeatedSightings(_ sends: [SimRequest]) -> [String: Int] {
        var copies: [String: Int] = [:]
        for sighting in sends.flatMap(sightings(of:)) { copies[sighting, default: 0] += 1 }
        return copies.filter { $0.value > 1 }
    }

    /// 4. No attempt's `api_send_id` reached the provider twice; a message reached it more than
    /// once only when its timeline has a `recovery` row (`recovered after restart` on one
    /// instance, `recovered after lease expired` when another instance took over a dead one's
    /// send) or an attempt was retryable (which a timeout under load can make), never more often
    /// than it has attempts; and every request the provider saw belongs to a message. `details`
    /// holds every message with more than one attempt or sighting.
    static func nothingSentTwice(_ sends: [SimRequest], messages: [OutboxEntry], details: [String: MessageView],
                                 recovery: String = "recovered after restart") -> [String] {
        var violations: [String] = []
        var ids: [String: Int] = [:]
        for id in sends.flatMap(\.apiSendIDs) { ids[id, default: 0] += 1 }
        for (id, count) in ids where count > 1 { violations.append("api_send_id \(id) reached the provider \(count) times") }

        var owners: [String: [OutboxEntry]] = [:]
        for message in messages { owners[message.sightingKey, default: []].append(message) }
        for key in Set(sends.flatMap(sightings(of:))) where owners[key] == nil {
            violations.append("the provider got \"\(key)\", which no message holds")
        }
        for (key, count) in repeatedSightings(sends) {
            for owner in owners[key] ?? [] {
                guard let view = details[owner.id] else {
                    violations.append("message \(owner.id) reached the provider \(count) times; its details were not read")
                    continue
                }
                let recovered = (view.timeline ?? []).contains { $0.cause.hasPrefix(recovery) }
                let retried = (view.attemptHistory ?? []).contains { $0.outcome == "retryable" }
                if !recovered && !retried {
                    violations.append("message \(owner.id) reached the provider \(count) times without \"\(recovery)\":\n\(view.story)")
                } else if count > view.attempts {
                    violations.append("message \(owner.id) reached the provider \(count) times in \(view.attempts) attempts:\n\(view.story)")
                }
            }
        }
        return violations
    }

    /// 7. One conversation's messages reached the provider in the order they were created, for a
    /// workload that posts a conversation's webhooks one after the other (identities ending in
    /// `-s<step>`, steps rising): a resend repeats a step, never goes back to an earlier one.
    static func conversationsInOrder(_ sends: [SimRequest]) -> [String] {
        var lastStep: [Substring: Int] = [:]
        var violations: [String] = []
        for sighting in sends.flatMap(sightings(of:)) {
            let conversation = sighting.prefix { $0 != "|" }
            let identity = CrashWorkload.identity(inText: String(sighting.dropFirst(conversation.count + 1)))
            guard let marker = identity.range(of: "-s", options: .backwards), let step = Int(identity[marker.upperBound...])
            else { continue }
            if let last = lastStep[conversation], last > step {
                violations.append("conversation \(conversation) got step \(step) after step \(last)")
            }
            lastStep[conversation] = step
        }
        return violations
    }

    /// 5. Every stored `message` event was forwarded to the subscription under exactly one
    /// webhook-id (one forward per matching subscription), received with a 2xx at least once,
    /// every request signed so our verifier accepts it, typed `event.message`; and no request
    /// names an event the API does not list. `events` are every stored `message` event.
    static func forwardedOnce(_ events: [EventView], requests: [ForwardReceiver.Request], secret: String) -> [String] {
        var byEvent: [String: [ForwardReceiver.Request]] = [:]
        for request in requests where request.type.hasPrefix("event.") { byEvent[request.eventID, default: []].append(request) }
        var violations: [String] = []
        for event in events {
            let got = byEvent.removeValue(forKey: event.id) ?? []
            let ids = Set(got.map(\.id)).sorted()
            if ids.count != 1 {
                violations.append("event \(event.id) was forwarded under \(ids.count) webhook-ids: \(ids.joined(separator: ", "))")
            }
            if !got.isEmpty && !got.contains(where: { (200..<300).contains($0.status) }) {
                violations.append("event \(event.id) was never answered 2xx: \(got.map(\.status))")
            }
            for request in got where !request.verifies(secret: secret) {
                violations.append("a forward of \(event.id) (\(request.id)) carries a signature our verifier rejects")
            }
            for request in got where request.type != "event.message" {
                violations.append("a forward of \(event.id) (\(request.id)) is typed \(request.type)")
            }
        }
        for (event, orphans) in byEvent {
            violations.append("forwards \(Set(orphans.map(\.id)).sorted().joined(separator: ", ")) name \(event.isEmpty ? "no event" : event), "
                              + "which the API does not list")
        }
        return violations
    }

    /// 6. Every outbox message, once settled, was forwarded as `message.<its final state>` under
    /// exactly one webhook-id, and no message was forwarded as one type under two; every such
    /// webhook-id was answered 2xx at least once and signed; no `message.*` request names a
    /// message the API does not list. A message that passed through several final states (a late
    /// echo after `expired`, say) has one forward of each.
    static func messageStatesForwardedOnce(_ messages: [OutboxEntry], requests: [ForwardReceiver.Request],
                                           secret: String) -> [String] {
        var byMessage: [String: [ForwardReceiver.Request]] = [:]
        for request in requests where request.type.hasPrefix("message.") {
            byMessage[request.eventID, default: []].append(request)
        }
        var violations: [String] = []
        for message in messages {
            let got = byMessage.removeValue(forKey: message.id) ?? []
            for (type, ofType) in Dictionary(grouping: got, by: \.type) {
                let ids = Set(ofType.map(\.id)).sorted()
                if ids.count > 1 {
                    violations.append("message \(message.id) was forwarded as \(type) under \(ids.count) webhook-ids: "
                                      + ids.joined(separator: ", "))
                }
                for id in ids where !ofType.contains(where: { $0.id == id && (200..<300).contains($0.status) }) {
                    violations.append("the \(type) forward \(id) of \(message.id) was never answered 2xx")
                }
            }
            if message.isFinal, !got.contains(where: { $0.type == "message." + message.state }) {
                violations.append("message \(message.id) ended \(message.state) but no message.\(message.state) was forwarded "
                                  + "(got \(Set(got.map(\.type)).sorted()))")
            }
            for request in got where !request.verifies(secret: secret) {
                violations.append("a forward of \(message.id) (\(request.id)) carries a signature our verifier rejects")
            }
        }
        for (message, orphans) in byMessage {
            violations.append("forwards \(Set(orphans.map(\.id)).sorted().joined(separator: ", ")) name message \(message), "
                              + "which the API does not list")
        }
        return violations
    }
}
