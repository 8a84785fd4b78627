import Testing

/// Every sandbox suite, one at a time: each checks that no process of the tests' sandbox user is
/// left on the host, which only holds while no other run of that user is going on.
@Suite("Sandbox", .serialized)
enum SandboxSuites {}
