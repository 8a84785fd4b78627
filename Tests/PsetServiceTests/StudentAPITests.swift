import Foundation
import HTTPTypes
import HummingbirdTesting
import PsetCourse
import PsetModel
import PsetService
import PsetStore
import PsetTestDatabases
import Testing

@Suite("Student routes", .timeLimit(.minutes(1)))
struct StudentAPITests {
    let setup: TestCourse
    let server: PsetServer

    init() throws {
        setup = try TestCourse()
        server = PsetServer(course: setup.course, configuration: ServerConfiguration(port: 0, workers: 2))
    }

    @Test("Every /v1 route needs a valid token; the document and health check do not")
    func authentication() async throws {
        try await server.application().test(.router) { client in
            let missing = try await client.call(.get, "/v1/me")
            #expect(missing.status == .unauthorized)
            #expect(missing.errorMessage?.contains("Authorization: Bearer") == true)
            #expect(missing.headers[.wwwAuthenticate] == "Bearer")
            let wrong = try await client.call(.get, "/v1/problems", token: "pset_not-a-token")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.errorMessage?.contains("not valid") == true)
            let me = try await client.call(.get, "/v1/me", token: setup.alice)
            #expect(try me.decode(Identity.self) == Identity(id: "alice", name: "Alice", role: .student))
            #expect(try await client.call(.get, "/health").status == .ok)
            #expect(try await client.call(.get, "/openapi.json").status == .ok)
        }
    }

    @Test("A student lists problems with their own standing only; a TA may name a student")
    func problems() async throws {
        _ = try setup.course.answer("week/pick", ["b"], by: "bob")
        try await server.application().test(.router) { client in
            let mine = try await client.call(.get, "/v1/problems", token: setup.alice)
            #expect(mine.status == .ok)
            let summaries = try mine.decode([ProblemSummary].self)
            #expect(summaries.map(\.id) == ["week/pick", "week/twice", "week/counter"])
            #expect(summaries.allSatisfy { $0.attempts == 0 })
            let prying = try await client.call(.get, "/v1/problems?student=bob", token: setup.alice)
            #expect(prying.status == .forbidden)
            #expect(prying.errorMessage == "a student sees only their own work")
            let own = try await client.call(.get, "/v1/problems?student=alice", token: setup.alice)
            #expect(own.status == .ok)
            let bobs = try await client.call(.get, "/v1/problems?student=bob", token: setup.ta)
            #expect(try bobs.decode([ProblemSummary].self).first?.attempts == 1)
            let nobody = try await client.call(.get, "/v1/problems?student=zed", token: setup.ta)
            #expect(nobody.status == .notFound)
        }
    }

    @Test(
        "Show hides the answer and explanation until the reveal condition holds for that student",
        arguments: StoreBackend.available)
    func showRevealsOnlyAfterAnAttempt(backend: StoreBackend) async throws {
        try await TestCourse.on(backend, workers: 2) { setup, server in
            try await server.application().test(.router) { client in
                let before = try await client.call(.get, "/v1/problems/week%2Fpick", token: setup.alice)
                #expect(before.status == .ok)
                #expect(!before.text.contains("B is the one"))
                #expect(try before.decode(ProblemView.self).revealed == false)
                let answered = try await client.call(
                    .post, "/v1/problems/week%2Fpick/answers", token: setup.alice, json: AnswerRequest(values: ["a"]))
                #expect(answered.status == .created)
                let result = try answered.decode(AnswerResult.self)
                #expect(result.correct == false && result.revealed && result.explanation == "B is the one.")
                let after = try await client.call(.get, "/v1/problems/week%2Fpick", token: setup.alice)
                #expect(try after.decode(ProblemView.self).explanation == "B is the one.")
                let bobsView = try await client.call(.get, "/v1/problems/week%2Fpick", token: setup.bob)
                #expect(!bobsView.text.contains("B is the one"))
                let taOnBob = try await client.call(.get, "/v1/problems/week%2Fpick?student=bob", token: setup.ta)
                #expect(!taOnBob.text.contains("B is the one"))
            }
        }
    }

    @Test("An unknown problem is a 404 naming the closest id")
    func unknownProblem() async throws {
        try await server.application().test(.router) { client in
            let response = try await client.call(.get, "/v1/problems/week%2Fpik", token: setup.alice)
            #expect(response.status == .notFound)
            #expect(response.errorMessage == "unknown problem 'week/pik'; did you mean 'week/pick'?")
            let route = try await client.call(.get, "/v1/nowhere", token: setup.alice)
            #expect(route.status == .notFound)
            #expect(route.errorMessage?.hasPrefix("no such route") == true)
        }
    }

    @Test("Starter files come only for coding tasks")
    func starter() async throws {
        try await server.application().test(.router) { client in
            let files = try await client.call(.get, "/v1/problems/week%2Fcounter/starter", token: setup.alice)
            #expect(try files.decode([SourceFile].self) == [SourceFile(name: "counter.c", contents: "int counter;\n")])
            let question = try await client.call(.get, "/v1/problems/week%2Fpick/starter", token: setup.alice)
            #expect(question.status == .badRequest)
            #expect(question.errorMessage?.contains("is a question") == true)
        }
    }

    @Test("Answer errors are 4xx with a message, and record nothing")
    func answerErrors() async throws {
        try await server.application().test(.router) { client in
            let path = "/v1/problems/week%2Ftwice/answers"
            let malformed = try await client.call(.post, path, token: setup.alice, raw: "{\"values\": ")
            #expect(malformed.status == .badRequest)
            #expect(malformed.errorMessage?.hasPrefix("the request body is not") == true)
            let wrongShape = try await client.call(.post, path, token: setup.alice, raw: "{\"value\": \"true\"}")
            #expect(wrongShape.status == .badRequest)
            #expect(wrongShape.errorMessage?.contains("missing 'values'") == true)
            let notAnAnswer = try await client.call(
                .post, path, token: setup.alice, json: AnswerRequest(values: ["perhaps"]))
            #expect(notAnAnswer.status == .badRequest)
            #expect(notAnAnswer.errorMessage?.hasSuffix("nothing was recorded") == true)
            let wrongKind = try await client.call(
                .post, "/v1/problems/week%2Fcounter/answers", token: setup.alice, json: AnswerRequest(values: ["a"]))
            #expect(wrongKind.status == .badRequest)
            #expect(wrongKind.errorMessage?.contains("is a coding task") == true)
            #expect(try setup.course.database.attempts(of: "alice").isEmpty)
            for _ in 0..<2 {
                let ok = try await client.call(.post, path, token: setup.alice, json: AnswerRequest(values: ["false"]))
                #expect(ok.status == .created)
            }
            let third = try await client.call(.post, path, token: setup.alice, json: AnswerRequest(values: ["true"]))
            #expect(third.status == .conflict)
            #expect(third.errorMessage == "no attempts left at week/twice: it allows 2")
        }
    }

    @Test("A late answer is marked late and scored by the set's penalty; an extension makes it on time")
    func lateness() async throws {
        setup.clock.set(TestCourse.halfDayLate)
        try await server.application().test(.router) { client in
            let late = try await client.call(
                .post, "/v1/problems/week%2Fpick/answers", token: setup.alice, json: AnswerRequest(values: ["b"]))
            let result = try late.decode(AnswerResult.self)
            #expect(result.late && result.score == 1)
            let grant = ExtensionGrant(student: "bob", set: "week", until: TestCourse.due.addingTimeInterval(86_400))
            #expect(try await client.call(.post, "/v1/admin/extensions", token: setup.ta, json: grant).status == .ok)
            let extended = try await client.call(
                .post, "/v1/problems/week%2Fpick/answers", token: setup.bob, json: AnswerRequest(values: ["b"]))
            let onTime = try extended.decode(AnswerResult.self)
            #expect(!onTime.late && onTime.score == 2)
        }
    }

    @Test("Grades are the caller's own; a TA may read anyone's")
    func grades() async throws {
        _ = try setup.course.answer("week/pick", ["b"], by: "bob")
        try await server.application().test(.router) { client in
            let mine = try await client.call(.get, "/v1/grades", token: setup.alice)
            #expect(try mine.decode(GradeReport.self).score == 0)
            #expect(try await client.call(.get, "/v1/grades?student=bob", token: setup.alice).status == .forbidden)
            let bobs = try await client.call(.get, "/v1/grades?student=bob", token: setup.ta)
            #expect(try bobs.decode(GradeReport.self) == (try setup.course.grades(for: "bob")))
        }
    }

    @Test("Too many requests from one student is a 429 with a JSON body and Retry-After")
    func rateLimit() async throws {
        let limits = ServiceLimits(requestsPerSecond: 0.01, burst: 3)
        let limited = PsetServer(course: setup.course, configuration: ServerConfiguration(port: 0, limits: limits))
        try await limited.application().test(.router) { client in
            for _ in 0..<3 { #expect(try await client.call(.get, "/v1/me", token: setup.alice).status == .ok) }
            let refused = try await client.call(.get, "/v1/me", token: setup.alice)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.errorMessage?.hasPrefix("too many requests from alice") == true)
            #expect(refused.headers[.retryAfter] != nil)
            #expect(try await client.call(.get, "/v1/me", token: setup.bob).status == .ok)
            for _ in 0..<5 { #expect(try await client.call(.get, "/v1/me", token: setup.ta).status == .ok) }
        }
    }
}

@Suite("History, feedback and practice routes", .timeLimit(.minutes(1)))
struct HistoryAPITests {
    let setup: TestCourse
    let server: PsetServer

    init() throws {
        setup = try TestCourse()
        server = PsetServer(course: setup.course, configuration: ServerConfiguration(port: 0, workers: 2))
    }

    @Test("History lists the caller's attempts; a TA may name a student, a student only themselves")
    func history() async throws {
        _ = try setup.course.answer("week/pick", ["a"], by: "alice")
        _ = try setup.course.answer("week/pick", ["b"], by: "alice")
        try await server.application().test(.router) { client in
            let mine = try await client.call(.get, "/v1/history", token: setup.alice)
            let entries = try mine.decode([HistoryEntry].self)
            #expect(entries.map(\.attempt) == [1, 2])
            #expect(entries.allSatisfy { $0.correct != nil && $0.verdict == nil })
            let one = try await client.call(.get, "/v1/history?problem=week%2Fcounter", token: setup.alice)
            #expect(try one.decode([HistoryEntry].self).isEmpty)
            #expect(
                try await client.call(.get, "/v1/history?problem=week%2Fnope", token: setup.alice).status == .notFound)
            #expect(try await client.call(.get, "/v1/history?student=alice", token: setup.bob).status == .forbidden)
            let asTA = try await client.call(.get, "/v1/history?student=alice", token: setup.ta)
            #expect(try asTA.decode([HistoryEntry].self).count == 2)
        }
    }

    @Test("Feedback returns one stored attempt, the latest by default, and refuses what is not there")
    func feedback() async throws {
        _ = try setup.course.answer("week/pick", ["a"], by: "alice")
        _ = try setup.course.answer("week/pick", ["b"], by: "alice")
        try await server.application().test(.router) { client in
            let first = try await client.call(.get, "/v1/problems/week%2Fpick/attempts/1", token: setup.alice)
            let feedback = try first.decode(AttemptFeedback.self)
            #expect(feedback.answer?.attempt == 1 && feedback.response != nil)
            let latest = try await client.call(.get, "/v1/problems/week%2Fpick/attempts/latest", token: setup.alice)
            #expect(try latest.decode(AttemptFeedback.self).answer?.attempt == 2)
            let missing = try await client.call(.get, "/v1/problems/week%2Fpick/attempts/7", token: setup.alice)
            #expect(missing.status == .notFound)
            let word = try await client.call(.get, "/v1/problems/week%2Fpick/attempts/first", token: setup.alice)
            #expect(word.status == .badRequest)
            let none = try await client.call(.get, "/v1/problems/week%2Fpick/attempts/latest", token: setup.bob)
            #expect(none.status == .notFound)
        }
    }

    @Test("Practice runs the public tests only and records nothing")
    func practice() async throws {
        try await server.application().test(.router) { client in
            let request = SubmissionRequest(files: [SourceFile(name: "counter.c", contents: "int counter;\n")])
            let response = try await client.call(
                .post, "/v1/problems/week%2Fcounter/tests", token: setup.alice, json: request)
            #expect(response.status == .ok)
            let result = try response.decode(SubmitResult.self)
            #expect(result.attempt == 0 && result.verdict == .failed)
            #expect(result.maxScore == 5)
            #expect(!result.checks.contains { $0.hidden })
            #expect(result.checks.first?.trace?.first?.event == "writes counter (1)", "the failing schedule's story")
            #expect(try setup.course.history(for: "alice").isEmpty)
            let wrongFile = SubmissionRequest(files: [SourceFile(name: "main.c", contents: "")])
            let refused = try await client.call(
                .post, "/v1/problems/week%2Fcounter/tests", token: setup.alice, json: wrongFile)
            #expect(refused.status == .badRequest)
        }
    }
}
