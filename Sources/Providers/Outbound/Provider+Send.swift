import Core

// One entry point for the dispatcher: the account's provider picks the adapter.
extension Account {
    /// The request that sends `items` to `conversation` through this account.
    /// `chat` says whether the conversation is a group (gowechat's `detail_type`).
    public func sendRequest(conversation: String, chat: ChatKind, items: [OutboundItem]) throws(SendRequestError) -> ProviderRequest {
        switch provider {
        case .botadmin: try BotadminSend.request(account: self, conversation: conversation, chat: chat, items: items)
        case .yunzhenji: try YunzhenjiSend.request(account: self, conversation: conversation, chat: chat, items: items)
        case .gowechat: try GowechatSend.request(account: self, conversation: conversation, chat: chat, items: items)
        case .wecom: try WecomSend.request(account: self, conversation: conversation, chat: chat, items: items)
        }
    }
}

extension Provider {
    /// What the provider's HTTP answer means; `itemCount` is how many items the request carried.
    public func classify(status: Int, body: [UInt8], itemCount: Int) -> SendOutcome {
        switch self {
        case .botadmin: BotadminSend.classify(status: status, body: body)
        case .yunzhenji: YunzhenjiSend.classify(status: status, body: body, itemCount: itemCount)
        case .gowechat: GowechatSend.classify(status: status, body: body)
        case .wecom: WecomSend.classify(status: status, body: body)
        }
    }

    /// The outcome of a transport result: an answer is classified, a failure is retryable.
    public func outcome(of result: TransportResult, itemCount: Int) -> SendOutcome {
        switch result {
        case .answer(let status, let body): classify(status: status, body: body, itemCount: itemCount)
        case .failure(let reason): .transportFailure(reason)
        }
    }
}
