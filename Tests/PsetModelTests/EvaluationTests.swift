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
