import PsetBank
import PsetModel
import Testing

@Suite struct BuiltInBankTests {
    let bank = Bank.builtIn

    @Test func builtInBankIsValid() throws {
        try bank.validate()
    }

    @Test func everyVariantOfEveryProblemHolds() {
        for report in bank.checkVariants() {
            #expect(report.holds, "\(report.problemID): \(report.issues.joined(separator: "; "))")
        }
    }

    @Test func atLeastFifteenQuestionsAreParameterisedAndEveryChoiceQuestionShuffles() {
        let questions = bank.problems.filter { $0.kind == .question }
        #expect(questions.filter(\.isParameterised).count >= 15)
        let fixedOrder = questions.filter { !$0.shufflesChoices && !($0.question?.choices.isEmpty ?? true) }
        #expect(fixedOrder.map(\.id) == [])
    }

    @Test func everyTopicHasAtLeastThreeConceptualQuestions() {
        for topic in Topic.allCases {
            let count = bank.problems.filter { $0.kind == .question && $0.topics.contains(topic) }.count
            #expect(count >= 3, "\(topic.rawValue) has \(count) question(s)")
        }
    }

    @Test func questionsComeInEveryFormat() {
        let formats = Set(bank.problems.compactMap { $0.question?.format.name })
        #expect(formats == ["single-choice", "multiple-select", "true-false", "numeric", "short-text"])
    }

    @Test func codingTasksCoverEveryStarredTopic() {
        let covered = Set(bank.problems.filter { $0.kind == .code }.flatMap(\.topics))
        #expect(
            Topic.codingTopics.subtracting(covered).isEmpty, "uncovered: \(Topic.codingTopics.subtracting(covered))")
    }

    @Test(arguments: [
        ("threads/counter", ["counter.c"], ["counter.h"]),
        ("threads/bounded-buffer", ["bbuf.c"], ["bbuf.h"]),
        ("ipc/pipe-pingpong", ["pingpong.c"], []),
        ("ipc/shm-sum", ["shmsum.c"], []),
    ])
    func pinnedTasksHaveTheirFiles(id: String, starter: [String], headers: [String]) throws {
        let task = try #require(bank.problem(id)?.codingTask, "\(id) is missing")
        #expect(task.starter.map(\.name) == starter)
        #expect(task.headers.map(\.name) == headers)
    }
}
