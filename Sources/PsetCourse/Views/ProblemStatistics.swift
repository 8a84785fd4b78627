import PsetModel

/// How the class did on one problem, for the TA: scores, attempts, each test's pass rate, the bug classes of
/// the latest submissions and, for a question, the options chosen.
public struct ProblemStatistics: Sendable, Equatable {
    /// How many students passed a test of a coding task in their latest submission.
    public struct TestRate: Sendable, Equatable {
        public var name: String
        public var hidden: Bool
        public var passed: Int
        public var submissions: Int
    }

    /// A student's latest submission, as a dashboard links to it.
    public struct SubmissionRef: Sendable, Equatable {
        public var student: String
        public var attempt: Int
        /// The first message that names the bug class in this submission.
        public var message: String
    }

    /// The students whose latest submission fails with one bug class.
    public struct Mistake: Sendable, Equatable {
        public var bugClass: String
        public var submissions: [SubmissionRef]
    }

    /// How many students' latest answer chose an option, by its key in the bank.
    public struct ChoiceCount: Sendable, Equatable {
        public var key: String
        public var text: String
        public var correct: Bool
        public var count: Int
    }

    public var id: String
    public var title: String
    public var kind: Problem.Kind
    public var points: Double
    public var students: Int
    /// Students with at least one attempt, per score in force: ten buckets of a tenth of the points each, the last
    /// including full marks.
    public var scoreHistogram: [Int]
    /// Students by number of attempts: index 0 for none, 1 for one, and so on.
    public var attemptCounts: [Int]
    public var tests: [TestRate]
    public var mistakes: [Mistake]
    public var choices: [ChoiceCount]
}

/// The bug classes of the class's latest submissions to one coding task.
public struct TaskMistakes: Sendable, Equatable {
    public var id: String
    public var title: String
    /// Students with a graded latest submission.
    public var submissions: Int
    /// Most frequent first.
    public var mistakes: [ProblemStatistics.Mistake]
}
