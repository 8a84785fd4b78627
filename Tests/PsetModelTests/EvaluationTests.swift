import PsetModel
import Testing

@Suite struct EvaluationTests {
    let choices = ["a", "b", "c", "d"].map { AnswerChoice(key: $0, text: $0) }

    @Test func singleChoiceAcceptsOneKnownKey() throws {
        let question = Question(format: .singleChoice(choices: choices, correct: "b"), explanation: "x")
        #expect(try question.evaluate(["B"]) == Evaluation(response: "b", fraction: 1))
        #expect(try question.evaluate(["a"]).fraction == 0)
        #expect(throws: AnswerError.unknownChoice("e", valid: ["a", "b", "c", "d"])) { try question.evaluate(["e"]) }
        #expect(throws: AnswerError.oneChoiceOnly(count: 2)) { try question.evaluate(["a", "b"]) }
        #expect(throws: AnswerError.empty) { try question.evaluate([" "]) }
    }

    @Test func multipleSelectIsAllOrNothingUnlessPartialCredit() throws {
        let strict = Question(
            format: .multipleSelect(choices: choices, correct: ["a", "c"], partialCredit: false), explanation: "x")
        #expect(try strict.evaluate(["c,a"]) == Evaluation(response: "a,c", fraction: 1))
        #expect(try strict.evaluate(["a"]).fraction == 0)
        #expect(throws: AnswerError.repeatedChoice("a")) { try strict.evaluate(["a", "a"]) }
        let partial = Question(
            format: .multipleSelect(choices: choices, correct: ["a", "c"], partialCredit: true), explanation: "x")
        #expect(try partial.evaluate(["a"]).fraction == 0.5)
        #expect(try partial.evaluate(["a", "b"]).fraction == 0)
        #expect(try partial.evaluate(["a", "c", "d"]).fraction == 0.5)
    }

    @Test func trueFalseNumericAndText() throws {
        let tf = Question(format: .trueFalse(false), explanation: "x")
        #expect(try tf.evaluate(["False"]).correct)
        #expect(throws: AnswerError.notABoolean("maybe")) { try tf.evaluate(["maybe"]) }
        let number = Question(format: .numeric(285, tolerance: 0.5), explanation: "x")
        #expect(try number.evaluate(["285.4"]).correct)
        #expect(try number.evaluate(["286"]).correct == false)
        #expect(throws: AnswerError.notANumber("many")) { try number.evaluate(["many"]) }
        let text = Question(
            format: .shortText([.exact("shmat"), .pattern("shm_?attach", example: "shm_attach")]), explanation: "x")
        #expect(try text.evaluate(["  SHMAT() "]).correct)
        #expect(try text.evaluate(["shmattach"]).correct)
        #expect(try text.evaluate(["shmget"]).correct == false)
    }

    /// The built-in bank's costliest pattern, whose matching grows with the square of the answer's length.
    static let removeCall = Question(
        format: .shortText([
            .exact("shmctl"), .pattern("shmctl\\s*\\(.*ipc_rmid.*\\)", example: "shmctl(shmid, IPC_RMID, NULL)"),
        ]), explanation: "x")

    @Test(.timeLimit(.minutes(1)))
    func anAnswerLongerThanTheCapIsRefusedBeforeItIsMatched() throws {
        let padding = String(repeating: "shmctl(", count: 1 << 17)
        let long = "shmctl(" + padding + " ipc_rmid )"
        #expect(throws: AnswerError.tooLong(length: long.unicodeScalars.count, limit: Question.maxAnswerLength)) {
            try Self.removeCall.evaluate([long])
        }
        let words = Array(repeating: "a", count: Question.maxAnswerLength)
        #expect(throws: AnswerError.tooLong(length: 2 * Question.maxAnswerLength - 1, limit: Question.maxAnswerLength))
        {
            try Self.removeCall.evaluate(words)
        }
        let marks = "shmctl" + String(repeating: "\u{301}", count: Question.maxAnswerLength)
        #expect(throws: AnswerError.self) { try Self.removeCall.evaluate([marks]) }
        #expect(
            AnswerError.tooLong(length: 5000, limit: 1000).description
                == "the answer is 5000 characters long; an answer has at most 1000")
    }

    @Test func anAnswerAtTheCapIsStillGraded() throws {
        let spaced = "shmctl(shmid, IPC_RMID," + String(repeating: " ", count: 900) + "NULL)"
        #expect(spaced.unicodeScalars.count <= Question.maxAnswerLength)
        #expect(try Self.removeCall.evaluate([spaced]).correct)
        let wrong = "shmctl(" + String(repeating: "x", count: Question.maxAnswerLength - 8)
        #expect(try Self.removeCall.evaluate([wrong]).correct == false)
    }

    @Test func revealedAnswersEncodeAsNaturalJSON() {
        #expect(AnswerKey.choices(["a", "c"]).description == "a, c")
        #expect(AnswerKey.number(285).description == "285")
        #expect(AnswerKey.number(0.5).description == "0.5")
    }

    @Test func latePolicies() {
        #expect(LatePolicy.accept.factor(lateness: 1e6) == 1)
        #expect(LatePolicy.cutoff.factor(lateness: 1) == 0)
        #expect(LatePolicy.cutoff.factor(lateness: 0) == 1)
        #expect(LatePolicy.penaltyPerDay(0.1).factor(lateness: 3600) == 0.9)
        #expect(LatePolicy.penaltyPerDay(0.1).factor(lateness: 86_400 * 2.5) == 0.7)
        #expect(LatePolicy.penaltyPerDay(0.5).factor(lateness: 86_400 * 5) == 0)
    }
}
