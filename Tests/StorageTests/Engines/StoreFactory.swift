import Delivery
import Storage

/// One storage engine the suite runs every store-level test against: this is the conformance
/// suite. Another engine joins by adding its factory to `all`; a test that holds for one engine
/// only says why.
struct StoreFactory: Sendable, CustomStringConvertible {
    let description: String
    /// An empty place of its own for one test's store (a file, a database), and how to open a
    /// store there — again and again: closing one and opening anew is a restart.
    let makePlace: @Sendable () throws -> StorePlace

    static let all: [StoreFactory] = [.sqlite]
}

/// Where one test's store lives.
struct StorePlace: Sendable {
    let open: @Sendable (_ policy: DeliveryPolicy, _ dedupeWindow: Double, _ forwarding: (any ForwardPlanner)?) throws
        -> any Store
    /// Throws the place away (after the store is closed).
    let remove: @Sendable () -> Void
}
