extension Sandbox {
    /// Runs one program to its end or its first limit, tears down everything it started, and reports.
    ///
    /// Cancelling the calling task kills the run and still cleans up. Throws ``SandboxError`` only
    /// when the sandbox cannot be set up; whatever the program does is in the result.
    public func run(_ request: SandboxRequest) async throws -> SandboxResult {
        throw SandboxError("the sandbox runner is being implemented on branch sandbox")
    }
}
