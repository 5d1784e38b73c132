import JSON

/// The kinds of item a message can carry, as the admin API and rule files name them.
public enum MessageType: String, Sendable, Hashable, CaseIterable {
    case text, image, link, file, voice, miniprogram
}

/// One item of an outgoing message: what the admin API accepts, what a rule replies, and what a
/// send adapter turns into a provider request.
public enum MessageItem: Sendable, Hashable {
    case text(String)
    case image(url: String)
    case link(title: String, url: String, desc: String?, imageURL: String?)
    case file(title: String, url: String)
    /// `duration` in seconds, 1–60 (the 云真机 limit).
    case voice(url: String, duration: Int)
    /// A mini-program card; its fields pass through to the provider untouched.
    case miniprogram(JSONObject)

    public var type: MessageType {
        switch self {
        case .text: .text
        case .image: .image
        case .link: .link
        case .file: .file
        case .voice: .voice
        case .miniprogram: .miniprogram
        }
    }
}

extension Provider {
    /// The item types this provider can carry; anything else is refused before it is queued.
    public var supportedTypes: Set<MessageType> {
        switch self {
        case .botadmin, .wecom: [.text, .image, .link, .miniprogram]
        case .yunzhenji: [.text, .image, .link, .file, .voice]
        case .gowechat: [.text, .image]
        }
    }
}
