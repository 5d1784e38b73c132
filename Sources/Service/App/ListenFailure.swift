import Platform

/// `serve` or `sim` could not listen where it was told to. A port another process holds is the
/// usual case, and its line leads with the advice: which flag picks another address.
public struct ListenFailure: Error, Sendable, CustomStringConvertible {
    /// `HOST:PORT` as configured.
    public let address: String
    public let error: SystemError

    public init(address: String, error: SystemError) {
        self.address = address
        self.error = error
    }

    public var description: String {
        if error.isAddressInUse {
            return "cannot listen on \(address): another process is listening there; "
                + "stop it, or choose another address with --listen HOST:PORT"
        }
        return "cannot listen on \(address): \(error)"
    }
}
