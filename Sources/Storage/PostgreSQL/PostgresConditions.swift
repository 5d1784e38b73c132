import Foundation
import PostgreSQL

/// The terms of a WHERE clause and their arguments, for the filters of the admin API's lists: each
/// `?` of a term becomes the next `$n`, so the arguments follow the terms in order.
struct PostgresConditions {
    private(set) var terms: [String] = []
    private(set) var arguments: [PostgresValue] = []

    mutating func add(_ term: String, _ value: PostgresValue) {
        arguments.append(value)
        terms.append(term.replacingOccurrences(of: "?", with: "$\(arguments.count)"))
    }

    /// ` WHERE a AND b` or nothing.
    var whereClause: String { terms.isEmpty ? "" : " WHERE " + terms.joined(separator: " AND ") }
}
