import Foundation

/// Why the grader could not grade at all (its tools are missing, the host is misconfigured).
///
/// A submission that fails to compile or run is a verdict in a ``GradingReport``, never this error.
public struct GraderError: Error, Sendable, CustomStringConvertible {
    /// A one-line explanation a TA can act on.
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
