/// A JSON value as parsed or as built for an answer.
///
/// Numbers keep the distinction the text made: a lexeme without fraction or exponent that fits
/// `Int64` is `.int`, every other number is `.double`. So `.int(1)` and `.double(1)` are different
/// values, and `1` and `1.0` survive a parse → serialize → parse round trip unchanged.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text of the value (handy in logs and test failures).
    public var description: String { JSON.string(self) }
}
