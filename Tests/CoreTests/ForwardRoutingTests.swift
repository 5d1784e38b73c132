import Core
import Testing

/// Which subscriptions take a forward: every filter that is present must hold; absent means all;
/// `events: []` takes no stream at all.
@Suite struct ForwardRoutingTests {
    static func subject(_ type: ForwardType = .eventMessage, provider: Provider = .botadmin, account: String = "shop",
                        chat: ChatKind? = .private) -> ForwardSubject {
        ForwardSubject(type: type, provider: provider, account: account, chat: chat)
    }

    @Test func eachPresentFilterMustHold() {
        let filter = ForwardFilter(events: [.eventMessage, .messageFailed], providers: [.botadmin], accounts: ["shop"],
                                   chats: [.private])
        #expect(filter.takes(Self.subject()))
        #expect(filter.takes(Self.subject(.messageFailed)))
        #expect(!filter.takes(Self.subject(.eventReceipt)))
        #expect(!filter.takes(Self.subject(provider: .yunzhenji)))
        #expect(!filter.takes(Self.subject(account: "ops")))
        #expect(!filter.takes(Self.subject(chat: .group)))
        #expect(!filter.takes(Self.subject(chat: nil)))
        #expect(ForwardFilter().takes(Self.subject(.eventUnknown, chat: nil)))
        #expect(!ForwardFilter(events: []).takes(Self.subject()))
    }

    @Test func routingNamesEachTakingSubscriptionOnceInOrder() {
        let routing = ForwardRouting([
            .init(name: "crm", filter: ForwardFilter()),
            .init(name: "groups", filter: ForwardFilter(chats: [.group])),
            .init(name: "llm", filter: ForwardFilter(events: [.eventMessage])),
        ])
        #expect(routing.subscriptions(taking: Self.subject()) == ["crm", "llm"])
        #expect(routing.subscriptions(taking: Self.subject(.messageSent, chat: .group)) == ["crm", "groups"])
    }

    @Test func typesNameEventKindsAndFinalMessageStates() {
        #expect(EventKind.allCases.map { ForwardType(event: $0).rawValue }
                == ["event.message", "event.self_message", "event.receipt", "event.send_failure", "event.unknown"])
        #expect(ForwardType(messageState: "delivered") == .messageDelivered)
        #expect(ForwardType(messageState: "queued") == nil)
    }
}
