/// A C coding task: what the student starts from, what the grader checks, and the bugs it must catch.
public struct CodingTask: Sendable {
    /// Files the student edits and submits; their names are the names a submission must use.
    public var starter: [SourceFile]
    /// Headers given to the student and used by the grader as given; a submission cannot replace them.
    public var headers: [SourceFile]
    /// A correct solution, with the same file names as `starter`.
    public var reference: [SourceFile]
    /// Grader-side files (test harnesses, helpers) never shown to students.
    public var support: [SourceFile]
    public var tests: [TaskTest]
    /// Realistic wrong solutions the grader must reject, each for a stated reason.
    public var mutants: [TaskMutant]
    public var budget: GradingBudget
    public var concurrency: Concurrency
    /// What a submission may call.
    public var calls: CallPolicy
    /// What the prompt says about the program's processes, pipes, sockets and segments, checked by tests with
    /// the `structure` check.
    public var requirements: [StructureRequirement]

    public init(
        starter: [SourceFile] = [], headers: [SourceFile] = [], reference: [SourceFile] = [],
        support: [SourceFile] = [], tests: [TaskTest] = [], mutants: [TaskMutant] = [], budget: GradingBudget = .init(),
        concurrency: Concurrency = .processes, calls: CallPolicy = CallPolicy(),
        requirements: [StructureRequirement] = []
    ) {
        self.starter = starter
        self.headers = headers
        self.reference = reference
        self.support = support
        self.tests = tests
        self.mutants = mutants
        self.budget = budget
        self.concurrency = concurrency
        self.calls = calls
        self.requirements = requirements
    }

    /// What runs at once in the task's programs, which decides how the grader makes their runs repeatable.
    public enum Concurrency: String, Sendable {
        /// Threads of one process. Every run follows a seeded schedule of the grader's scheduler (the
        /// ThreadSanitizer run too), so grading the same submission again repeats every run exactly. Only a
        /// test measuring CPU time (`no-busy-waiting`) runs its threads freely.
        case threads
        /// Processes that fork. A test's plain run is real: the scheduler orders the threads of one process,
        /// not the kernel's choice between processes. Explored schedules perturb the processes' timing (a
        /// seeded pause after a fork or a write to a pipe or socket), which replays the pauses, not the
        /// kernel's choices.
        case processes
    }

    /// The names of the files a submission consists of.
    public var submittedFileNames: [String] { starter.map(\.name) }
}

/// A named C source or header.
public struct SourceFile: Sendable, Codable, Hashable {
    public var name: String
    public var contents: String

    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}

/// A wrong solution the grader must reject.
public struct TaskMutant: Sendable {
    public var name: String
    /// Why it is wrong, in the words feedback should use ("lost update: ...").
    public var reason: String
    /// The names of the tests that must fail on it; it must fail at least these.
    public var mustFail: [String]
    /// Replacement files, by the starter's names.
    public var files: [SourceFile]

    public init(name: String, reason: String, mustFail: [String], files: [SourceFile]) {
        self.name = name
        self.reason = reason
        self.mustFail = mustFail
        self.files = files
    }
}

/// How much work the grader may spend on one submission.
public struct GradingBudget: Sendable, Equatable {
    /// Schedules explored per task, shared evenly among its tests with the `schedules` check
    /// (each gets at least 25).
    public var schedules: Int
    /// Wall-clock seconds any single run may take.
    public var runSeconds: Double

    public init(schedules: Int = 100, runSeconds: Double = 5) {
        self.schedules = schedules
        self.runSeconds = runSeconds
    }
}
