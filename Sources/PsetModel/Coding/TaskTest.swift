/// One graded test of a coding task.
public struct TaskTest: Sendable {
    public var name: String
    public var points: Double
    /// Hidden tests show their name and verdict; their details only once the reveal policy allows.
    public var hidden: Bool
    /// The program to run: for library tasks, a `support` file whose `main` drives the student's code.
    public var harness: String?
    public var arguments: [String]
    public var standardInput: String
    public var expectation: Expectation
    /// The thread- and process-safety checks this test runs on top of a plain run.
    public var checks: Set<Check>

    public init(
        name: String, points: Double, hidden: Bool = false, harness: String? = nil, arguments: [String] = [],
        standardInput: String = "", expectation: Expectation = .init(), checks: Set<Check> = []
    ) {
        self.name = name
        self.points = points
        self.hidden = hidden
        self.harness = harness
        self.arguments = arguments
        self.standardInput = standardInput
        self.expectation = expectation
        self.checks = checks
    }

    /// What a run must produce.
    public struct Expectation: Sendable, Equatable {
        public var exitStatus: Int32
        /// The exact standard output, when it matters.
        public var standardOutput: String?

        public init(exitStatus: Int32 = 0, standardOutput: String? = nil) {
            self.exitStatus = exitStatus
            self.standardOutput = standardOutput
        }
    }

    /// Checks beyond one plain run.
    public enum Check: String, Sendable, Hashable, CaseIterable {
        /// Run the ThreadSanitizer build; any reported race fails.
        case races
        /// Run under seeded schedule exploration for the task's budget.
        case schedules
        /// Every child the program forks is reaped and none outlives it.
        case children
        /// No System V IPC object is left behind.
        case ipcCleanup = "ipc-cleanup"
        /// A thread waiting on an empty structure uses next to no CPU.
        case noBusyWaiting = "no-busy-waiting"
        /// The run creates the processes, pipes, sockets and segments the task's `Requires` lines say.
        case structure
    }
}
