/// Why a roster cannot be imported; nothing is imported when one of these is found.
public struct RosterError: Error, Equatable, CustomStringConvertible {
    public var description: String

    init(_ description: String) { self.description = description }
}
