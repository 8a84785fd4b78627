/// Runs untrusted programs, each in its own namespaces, cgroups and limits, and reports what they did.
///
/// A `Sandbox` is a value holding only its configuration: any number of runs may proceed in
/// parallel, each with its own private directories and cgroups, removed when the run ends.
public struct Sandbox: Sendable {
    /// Where a request's work directory appears inside the sandbox; programs start there.
    public static let workPath = "/work"

    /// How this sandbox is set up.
    public let configuration: SandboxConfiguration

    /// Creates a sandbox; it checks nothing until the first run.
    public init(configuration: SandboxConfiguration = SandboxConfiguration()) {
        self.configuration = configuration
    }
}
