import Foundation

/// The name of this process among the instances that share one database, in `/health` as
/// `instance`: `host/pid/random`. The host and pid say where to look; the random part keeps two
/// containers that both run wxhook as pid 1 on hosts of the same name apart, and a restarted
/// process from its previous life. It stays the same for the life of the process.
enum ServiceInstance {
    static let current: String = {
        var random = SystemRandomNumberGenerator()
        let suffix = String(random.next() as UInt64, radix: 16).prefix(8)
        return "\(ProcessInfo.processInfo.hostName)/\(ProcessInfo.processInfo.processIdentifier)/\(suffix)"
    }()
}
