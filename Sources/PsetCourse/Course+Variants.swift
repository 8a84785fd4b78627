import Crypto
import Foundation
import PsetModel
import PsetStore

extension Course {
    /// The seed of a person's variant of a problem: an HMAC-SHA256, under the course's secret, of both ids.
    func variantSeed(person: String, problem: String) -> VariantSeed {
        // Length prefixes keep ("ab", "c") and ("a", "bc") apart.
        let message = "pset-variant;\(person.utf8.count):\(person);\(problem.utf8.count):\(problem)"
        let code = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: variantSecret))
        return VariantSeed(code.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    /// The variant in force for a student: the one their latest attempt was made on, so it never changes under
    /// them; before any attempt, the one their seed draws.
    func variant(of problem: Problem, for personID: String, attempts: [GradedAttempt]) -> ProblemVariant {
        variant(of: problem, for: personID, latest: attempts.last?.attempt)
    }

    /// The variant in force for a student, from their latest attempt alone: what answering and submitting read.
    func variantInForce(of problem: Problem, for personID: String) throws -> ProblemVariant {
        variant(of: problem, for: personID, latest: try database.latestAttempt(of: personID, problem: problem.id))
    }

    private func variant(of problem: Problem, for personID: String, latest: Attempt?) -> ProblemVariant {
        if let latest { return variant(of: problem, madeIn: latest) }
        return problem.variant(seed: variantSeed(person: personID, problem: problem.id))
    }

    /// The variant an attempt was made on; an attempt without one was made on the problem as declared.
    func variant(of problem: Problem, madeIn attempt: Attempt) -> ProblemVariant {
        guard let stored = attempt.variant else { return problem.variant(seed: nil) }
        return problem.variant(seed: variantSeed(person: attempt.personID, problem: problem.id), replaying: stored)
    }
}

extension ProblemVariant {
    /// What an attempt stores: nothing for the problem as declared.
    var stored: Variant? { variant.isDeclared ? nil : variant }
}

extension Course {
    /// A student's variant of a problem as a TA sees it: prompt, choices with the bank's keys, answer, explanation
    /// or tests, and each attempt with the variant it was made on.
    public func variantView(_ id: String, of personID: String) throws -> VariantView {
        let (problem, _) = try lookup(id)
        guard try database.person(personID) != nil else { throw CourseError.unknownPerson(personID) }
        let attempts = try database.attempts(of: personID, problem: id)
        let drawn = variant(of: problem, for: personID, attempts: attempts)
        let question = drawn.problem.question
        let declaredKeys = problem.question?.choices.map(\.key) ?? []
        let correct = Set(question.map { Self.correctKeys($0.answerKey) } ?? [])
        let choices = question?.choices.enumerated().map { index, choice in
            VariantView.Choice(
                key: choice.key, text: choice.text,
                bankKey: drawn.variant.choiceOrder?[index] ?? declaredKeys[index], correct: correct.contains(choice.key)
            )
        }
        let records = attempts.map { graded in
            let made = variant(of: problem, madeIn: graded.attempt).variant
            return VariantView.AttemptRecord(
                attempt: graded.attempt.number, at: graded.attempt.submittedAt, response: graded.attempt.response,
                bankResponse: declaredKeys.isEmpty
                    ? nil
                    : graded.attempt.response.map {
                        Self.bankResponse($0, order: made.choiceOrder, declared: declaredKeys)
                    },
                score: graded.grading?.score, variant: graded.attempt.variant)
        }
        return VariantView(
            id: id, student: personID, title: drawn.problem.title, kind: problem.kind, format: question?.format.name,
            prompt: drawn.problem.prompt, variant: drawn.variant, choices: choices?.isEmpty == false ? choices : nil,
            answer: question?.answerKey, explanation: question?.explanation,
            tests: drawn.problem.codingTask?.tests.map {
                VariantView.Test(name: $0.name, hidden: $0.hidden, arguments: $0.arguments)
            }, attempts: records)
    }

    static func correctKeys(_ key: AnswerKey) -> [String] {
        switch key {
        case .choice(let key): [key]
        case .choices(let keys): keys
        case .bool, .number, .text: []
        }
    }

    /// A stored choice response (`b` or `a,c`, in the keys the student saw) in the bank's keys; other answers as
    /// they are.
    static func bankResponse(_ response: String, order: [String]?, declared: [String]) -> String {
        guard let order, !declared.isEmpty else { return response }
        return response.split(separator: ",").map { key in
            declared.firstIndex(of: String(key)).flatMap { order.indices.contains($0) ? order[$0] : nil } ?? String(key)
        }.sorted().joined(separator: ",")
    }
}
