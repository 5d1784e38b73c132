import Delivery
import Storage
import TestSupport

/// One storage engine the suite runs every store-level test against: this is the conformance
/// suite. Another engine joins by adding its factory to `all`; a test that holds for one engine
/// only says why.
struct StoreFactory: Sendable, CustomStringConvertible {
    let description: String
    /// Seconds a send or forward in flight stays its instance's without a renewal; 0 for an engine
    /// with one instance per store, where a restart recovers everything in flight at once.
    var lease: Double = 0
    /// Several instances may open the same place at once (each `open()` is another instance).
    var sharesItsDatabase = false
    /// An empty place of its own for one test's store (a file, a database), and how to open a
    /// store there — again and again: closing one and opening anew is a restart.
    let makePlace: @Sendable () throws -> StorePlace

    /// SQLite always; PostgreSQL when the tests have a server (`WXHOOK_TEST_POSTGRES`), or must
    /// have one (`WXHOOK_TEST_POSTGRES_REQUIRED=1`, where a missing server fails every test).
    static let all: [StoreFactory] =
        [.sqlite] + (TestPostgres.isAvailable || TestPostgres.isRequired ? [.postgres] : [])

    /// How a restart (a store opened anew) recovers a send left in flight: at once on an engine
    /// of one instance; on a shared one only once its lease has run out, since another instance
    /// may still be sending it.
    /// `cause` is the message's timeline row, `forwardError` what the interrupted forward attempt says.
    var restartRecovery: (delay: Double, cause: String, forwardError: String) {
        lease > 0
            ? (lease, "recovered after lease expired", "interrupted: its lease ran out")
            : (0, "recovered after restart", "interrupted by a restart")
    }
}

/// Where one test's store lives.
struct StorePlace: Sendable {
    let open: @Sendable (_ policy: DeliveryPolicy, _ dedupeWindow: Double, _ forwarding: (any ForwardPlanner)?) throws
        -> any Store
    /// Throws the place away (after the store is closed).
    let remove: @Sendable () -> Void
}
