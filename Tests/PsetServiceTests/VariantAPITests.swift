import Foundation
import HTTPTypes
import HummingbirdTesting
import PsetCourse
import PsetModel
import PsetService
import PsetStore
import Testing

@Suite("Students' variants over HTTP", .serialized, .timeLimit(.minutes(1)))
struct VariantAPITests {
    static let bank = Bank(sets: [
        ProblemSet("var") {
            Title("Variants")
            SingleChoice("var/pick") {
                Title("Pick")
                Topics(.pipes)
                Points(1)
                Prompt("Which end of a pipe does `fd[0]` hold?")
                Choice("a", "The read end", correct: true)
                Choice("b", "The write end")
                Choice("c", "Both ends")
                Choice("d", "Neither")
                Explanation("`fd[0]` is the read end.")
            }
            Numeric("var/loop") { params in
                let n = params.int("n", in: 2...9)
                Title("Loop")
                Topics(.forkCOW)
                Points(1)
                Prompt("How many processes after \(n) forks in a loop?")
                Answer(1 << n)
                Explanation("\(1 << n).")
            }
        }
    ])

    let course: Course
    let server: PsetServer
    let tokens: [String: String]

    init() throws {
        course = try Course(bank: Self.bank, database: AppDatabase.inMemory())
        let result = try CourseAdmin(course: course).importRoster([
            RosterEntry(id: "ta1", name: "Tess", role: .ta), RosterEntry(id: "alice", name: "Alice"),
            RosterEntry(id: "bob", name: "Bob"),
        ])
        tokens = Dictionary(uniqueKeysWithValues: result.created.map { ($0.id, $0.token) })
        server = PsetServer(course: course, configuration: ServerConfiguration(port: 0, workers: 1))
    }

    @Test("A TA sees a student's variant with the bank's keys and the answer; a student may not")
    func taView() async throws {
        try await server.application().test(.router) { client in
            let shown = try await client.call(.get, "/v1/problems/var%2Fpick", token: tokens["alice"])
            // Before the reveal nothing tells the student which bank key a choice has, or which is right.
            #expect(!shown.text.contains("choiceOrder") && !shown.text.contains("bankKey"))
            let view = try shown.decode(ProblemView.self)
            let read = try #require(view.choices?.first { $0.text == "The read end" }?.key)

            let response = try await client.call(.get, "/v1/admin/variants/alice/var%2Fpick", token: tokens["ta1"])
            let variant = try response.decode(VariantView.self)
            // A key decodes as text: JSON does not say which it is.
            #expect(variant.student == "alice" && variant.answer?.description == read)
            #expect(variant.choices?.map(\.text) == view.choices?.map(\.text))
            #expect(variant.choices?.first { $0.correct }?.bankKey == "a")

            let refused = try await client.call(.get, "/v1/admin/variants/alice/var%2Fpick", token: tokens["alice"])
            #expect(refused.status == .forbidden)
            let unknown = try await client.call(.get, "/v1/admin/variants/zed/var%2Fpick", token: tokens["ta1"])
            #expect(unknown.status == .notFound)
            let problem = try await client.call(.get, "/v1/admin/variants/alice/var%2Fnope", token: tokens["ta1"])
            #expect(problem.status == .notFound)
        }
    }

    @Test("The export records each attempt's answer in the student's keys and the variant it was made on")
    func export() async throws {
        try await server.application().test(.router) { client in
            for student in ["alice", "bob"] {
                let answered = try await client.call(
                    .post, "/v1/problems/var%2Floop/answers", token: tokens[student], json: AnswerRequest(values: ["4"])
                )
                #expect(answered.status == .created)
            }
            let json = try await client.call(.get, "/v1/admin/export?format=json", token: tokens["ta1"])
            let book = try json.decode(Gradebook.self)
            for student in book.students {
                let loop = try #require(student.sets.first?.problems.first { $0.id == "var/loop" })
                let answer = try #require(loop.answers.first)
                #expect(loop.answers.count == 1 && answer.response == "4")
                let stored = try #require(try course.database.attempts(of: student.id, problem: "var/loop").first)
                #expect(answer.variant == stored.attempt.variant && answer.variant?.parameters["n"] != nil)
                let view = try course.variantView("var/loop", of: student.id)
                #expect(view.variant == answer.variant)
                #expect(loop.score == (view.answer == .number(4) ? 1 : 0))
            }
        }
    }
}
