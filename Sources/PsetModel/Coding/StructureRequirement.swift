/// Something a task's prompt says about how its program is built from processes and IPC objects, checked on
/// the sandbox's records of every run of a test with the `structure` check.
///
/// `Requires(.children, .exactly(.argument), says: "forks K children")`: the words are the prompt's own, and
/// a run that breaks the requirement fails with them.
public struct StructureRequirement: Sendable, Equatable {
    public var measure: Measure
    public var bound: Bound
    /// The prompt's words this requirement enforces; they must appear in the prompt.
    public var words: String

    public init(_ measure: Measure, _ bound: Bound, says words: String) {
        self.measure = measure
        self.bound = bound
        self.words = words
    }

    /// What of a run is counted.
    public enum Measure: String, Sendable, Equatable {
        /// Processes the program created (its children, theirs, ...), never threads.
        case children
        /// The most of those that existed at once, counting one that has exited until it is waited for.
        case childrenAtOnce = "children at once"
        /// Pipes made (`pipe`, `pipe2`, `mkfifo`).
        case pipes
        /// Sockets made (`socket`, `socketpair`).
        case sockets
        /// Calls to `shmget`.
        case segments

        /// The measure in words, for a count: "2 pipes".
        public func describe(_ count: Int) -> String {
            switch self {
            case .children: count == 1 ? "1 child process" : "\(count) child processes"
            case .childrenAtOnce: count == 1 ? "1 child process at once" : "\(count) child processes at once"
            case .pipes: count == 1 ? "1 pipe" : "\(count) pipes"
            case .sockets: count == 1 ? "1 socket" : "\(count) sockets"
            case .segments: count == 1 ? "1 shared-memory segment" : "\(count) shared-memory segments"
            }
        }
    }

    /// The counts a run may have.
    public enum Bound: Sendable, Equatable {
        case exactly(Count)
        case atLeast(Count)
        case atMost(Count)

        /// Whether `value` is within the bound, the count taken from a test's arguments.
        public func admits(_ value: Int, arguments: [String]) -> Bool? {
            switch self {
            case .exactly(let count): count.value(arguments: arguments).map { value == $0 }
            case .atLeast(let count): count.value(arguments: arguments).map { value >= $0 }
            case .atMost(let count): count.value(arguments: arguments).map { value <= $0 }
            }
        }

        var count: Count {
            switch self {
            case .exactly(let count), .atLeast(let count), .atMost(let count): count
            }
        }
    }

    /// A number, or one that comes from a test's command line.
    public enum Count: Sendable, Equatable, ExpressibleByIntegerLiteral {
        case fixed(Int)
        /// The test's first argument, read as a number, plus `offset`.
        case argument(plus: Int)

        /// The test's first argument, as a number.
        public static let argument = Count.argument(plus: 0)

        public init(integerLiteral value: Int) {
            self = .fixed(value)
        }

        /// The count for a test run with `arguments`; nil when the first argument is not a number.
        public func value(arguments: [String]) -> Int? {
            switch self {
            case .fixed(let value): value
            case .argument(let offset): arguments.first.flatMap { Int($0) }.map { $0 + offset }
            }
        }
    }
}
