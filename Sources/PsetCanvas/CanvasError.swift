/// A push to Canvas that could not be done, with a message for the TA.
public struct CanvasError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
