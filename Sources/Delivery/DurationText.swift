extension Double {
    /// A configured duration for a timeline cause: "60 s", "0.5 s".
    var secondsText: String {
        if self == rounded(), abs(self) < 1e15 { return "\(Int(self)) s" }
        return "\(self) s"
    }

    /// A backoff delay: "2.0 s" to a tenth, or "250 ms" below a second.
    var delayText: String {
        if self < 1 { return "\(Int((self * 1000).rounded())) ms" }
        let tenths = Int((self * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) s"
    }
}
