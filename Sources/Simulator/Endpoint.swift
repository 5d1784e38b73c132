import Core
import HTTP

/// The simulator's routes: the providers' send APIs and its own `/sim/*` controls.
enum Endpoint: CaseIterable {
    case botadminSend, botadminUsers, botadminGroups, yunzhenjiSend, gowechatSend, wecomSend
    case inbound, log, callbacks, reset, faults, stats
    case application, applicationReceived, applicationBehaviour

    init?(path: String) {
        guard let endpoint = Endpoint.allCases.first(where: { $0.path == path }) else { return nil }
        self = endpoint
    }

    var path: String {
        switch self {
        case .botadminSend: "/api/send"
        case .botadminUsers: "/api/users"
        case .botadminGroups: "/api/groups"
        case .yunzhenjiSend: "/wechat/sendMessage"
        case .gowechatSend: "/send_message"
        case .wecomSend: "/cgi-bin/webhook/send"
        case .inbound: "/sim/inbound"
        case .log: "/sim/log"
        case .callbacks: "/sim/callbacks"
        case .reset: "/sim/reset"
        case .faults: "/sim/faults"
        case .stats: "/sim/stats"
        case .application: "/sim/app"
        case .applicationReceived: "/sim/app/received"
        case .applicationBehaviour: "/sim/app/behaviour"
        }
    }

    var method: HTTPMethod {
        switch self {
        case .botadminUsers, .botadminGroups, .log, .callbacks, .stats, .applicationReceived: .get
        default: .post
        }
    }

    /// The provider this endpoint plays; nil for the simulator's own controls.
    var provider: Provider? {
        switch self {
        case .botadminSend, .botadminUsers, .botadminGroups: .botadmin
        case .yunzhenjiSend: .yunzhenji
        case .gowechatSend: .gowechat
        case .wecomSend: .wecom
        default: nil
        }
    }

    var isSend: Bool {
        switch self {
        case .botadminSend, .yunzhenjiSend, .gowechatSend, .wecomSend: true
        default: false
        }
    }
}
