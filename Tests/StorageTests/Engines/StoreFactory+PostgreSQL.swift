import PostgreSQL
import Storage
import TestSupport

extension StoreFactory {
    /// A fresh database of its own on the test server (`WXHOOK_TEST_POSTGRES`), dropped afterwards.
    /// Its stores renew and recover leases of `lease` seconds.
    static let postgres = StoreFactory(description: "PostgreSQL", lease: 30, sharesItsDatabase: true) {
        let database = try TestPostgres.database()
        return StorePlace(
            open: { policy, dedupeWindow, forwarding in
                try PostgresStore.open(url: database.url, policy: policy, dedupeWindow: dedupeWindow,
                                       forwarding: forwarding, lease: 30, connections: 4)
            },
            remove: database.drop)
    }
}
