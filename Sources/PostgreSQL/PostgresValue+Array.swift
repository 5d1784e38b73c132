extension PostgresValue {
    /// A one-dimensional array parameter in PostgreSQL's array text form (`{"a","b",NULL}`), for
    /// statements that take a whole column of rows at once (`unnest($1::text[], $2::float8[])`).
    /// It goes as `unknown`, like text: the statement casts it to the array type it means.
    public static func array(_ elements: [PostgresValue]) -> PostgresValue {
        var literal = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { literal += "," }
            guard let text = element.textFormat else {
                literal += "NULL"
                continue
            }
            // Quoted, so that commas, braces, spaces and the word NULL in a value stay the value.
            literal += "\""
            for scalar in text.unicodeScalars {
                if scalar == "\"" || scalar == "\\" { literal.unicodeScalars.append("\\") }
                literal.unicodeScalars.append(scalar)
            }
            literal += "\""
        }
        literal += "}"
        return .text(literal)
    }
}
