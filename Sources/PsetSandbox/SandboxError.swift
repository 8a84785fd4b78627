/// Why the sandbox itself could not run a program; a failing program is a ``SandboxResult`` instead.
public struct SandboxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A one-line explanation a TA can act on.
    public var message: String

    /// Creates an error with its message.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
