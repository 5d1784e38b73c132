/// One result row, its values in column order.
public struct Row: Sendable, Hashable {
    public let values: [SQLValue]

    public init(_ values: [SQLValue]) { self.values = values }

    public var count: Int { values.count }
    public subscript(index: Int) -> SQLValue { values[index] }

    public func string(_ index: Int) -> String? { values[index].string }
    public func int64(_ index: Int) -> Int64? { values[index].int64 }
    public func int(_ index: Int) -> Int? { values[index].int }
    public func double(_ index: Int) -> Double? { values[index].double }
    public func bool(_ index: Int) -> Bool? { values[index].bool }
    public func bytes(_ index: Int) -> [UInt8]? { values[index].bytes }
}
