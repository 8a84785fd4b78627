/// `Starter("counter.c", """...""")`: a file the student starts from and submits.
public struct Starter: ProblemPart {
    let file: SourceFile
    public init(_ name: String, _ contents: String) { file = SourceFile(name: name, contents: contents) }
    public var problemAttributes: [ProblemAttribute] { [.starter(file)] }
}

/// `Header("counter.h", """...""")`: a header given to the student and fixed for grading.
public struct Header: ProblemPart {
    let file: SourceFile
    public init(_ name: String, _ contents: String) { file = SourceFile(name: name, contents: contents) }
    public var problemAttributes: [ProblemAttribute] { [.header(file)] }
}

/// `Reference("counter.c", """...""")`: the model solution for one starter file.
public struct Reference: ProblemPart {
    let file: SourceFile
    public init(_ name: String, _ contents: String) { file = SourceFile(name: name, contents: contents) }
    public var problemAttributes: [ProblemAttribute] { [.reference(file)] }
}

/// `Support("harness.c", """...""")`: a grader-side file students never see.
public struct Support: ProblemPart {
    let file: SourceFile
    public init(_ name: String, _ contents: String) { file = SourceFile(name: name, contents: contents) }
    public var problemAttributes: [ProblemAttribute] { [.support(file)] }
}

/// `File("counter.c", """...""")`: a file of a mutant.
public struct File: Sendable {
    let file: SourceFile
    public init(_ name: String, _ contents: String) { file = SourceFile(name: name, contents: contents) }
}

/// `TestCase("lost-updates", points: 3, harness: "stress.c", checks: [.schedules])`: one graded test.
public struct TestCase: ProblemPart {
    let test: TaskTest
    public init(
        _ name: String, points: Double, hidden: Bool = false, harness: String? = nil, arguments: [String] = [],
        input: String = "", exitStatus: Int32 = 0, output: String? = nil, checks: Set<TaskTest.Check> = []
    ) {
        test = TaskTest(
            name: name, points: points, hidden: hidden, harness: harness, arguments: arguments, standardInput: input,
            expectation: .init(exitStatus: exitStatus, standardOutput: output), checks: checks
        )
    }
    public var problemAttributes: [ProblemAttribute] { [.test(test)] }
}

/// `Mutant("if-not-while", reason: "...", mustFail: ["..."], File(...))`: a realistic bug the grader must reject.
public struct Mutant: ProblemPart {
    let mutant: TaskMutant
    public init(_ name: String, reason: String, mustFail: [String], _ files: File...) {
        mutant = TaskMutant(name: name, reason: reason, mustFail: mustFail, files: files.map(\.file))
    }
    public var problemAttributes: [ProblemAttribute] { [.mutant(mutant)] }
}

/// `Budget(schedules: 200, runSeconds: 5)`: how much grading work a task may take.
public struct Budget: ProblemPart {
    let budget: GradingBudget
    public init(schedules: Int = 100, runSeconds: Double = 5) {
        budget = GradingBudget(schedules: schedules, runSeconds: runSeconds)
    }
    public var problemAttributes: [ProblemAttribute] { [.budget(budget)] }
}

/// `Concurrency(.threads)` for a task of threads in one process, whose every run the grader schedules from
/// a seed; `Concurrency(.processes)` for one whose programs fork. Every coding problem says which.
public struct Concurrency: ProblemPart {
    let concurrency: CodingTask.Concurrency
    public init(_ concurrency: CodingTask.Concurrency) { self.concurrency = concurrency }
    public var problemAttributes: [ProblemAttribute] { [.concurrency(concurrency)] }
}

/// `Allows(.threads, .locks, .output)`: the families of library functions a submission may call.
///
/// Every coding problem declares it: the grader refuses a submission that refers to anything else.
public struct Allows: ProblemPart {
    let families: [LibraryFamily]
    public init(_ families: LibraryFamily...) { self.families = families }
    public var problemAttributes: [ProblemAttribute] { [.allows(families)] }
}

/// `Forbids("pthread_cond_*", because: "build it from semaphores")`: calls the prompt rules out, with its words.
public struct Forbids: ProblemPart {
    let calls: ForbiddenCalls
    public init(_ patterns: String..., because reason: String) {
        calls = ForbiddenCalls(patterns: patterns, reason: reason)
    }
    public var problemAttributes: [ProblemAttribute] { [.forbids(calls)] }
}

/// `Requires(.children, .exactly(.argument), says: "forks K children")`: what the prompt says about the program's
/// processes, pipes, sockets or segments, in the prompt's own words; tests with the `structure` check enforce it.
public struct Requires: ProblemPart {
    let requirement: StructureRequirement
    public init(_ measure: StructureRequirement.Measure, _ bound: StructureRequirement.Bound, says words: String) {
        requirement = StructureRequirement(measure, bound, says: words)
    }
    public var problemAttributes: [ProblemAttribute] { [.requirement(requirement)] }
}
