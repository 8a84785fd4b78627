import Foundation
import HTTPTypes
import HummingbirdTesting
import PsetCourse
import PsetModel
import PsetService
import PsetStore
import PsetTestDatabases
import Testing

@Suite("TA routes", .serialized, .timeLimit(.minutes(1)))
struct AdminAPITests {
    let setup: TestCourse
    let server: PsetServer

    init() throws {
        setup = try TestCourse()
        server = PsetServer(course: setup.course, configuration: ServerConfiguration(port: 0, workers: 1))
    }

    @Test("Every admin route refuses a student with 403")
    func studentsAreRefused() async throws {
        try await server.application().test(.router) { client in
            let grant = ExtensionGrant(student: "alice", set: "week", until: TestCourse.due)
            let responses = [
                try await client.call(
                    .post, "/v1/admin/roster", token: setup.alice, json: RosterImportRequest(people: [])),
                try await client.call(.post, "/v1/admin/tokens/bob", token: setup.alice),
                try await client.call(.delete, "/v1/admin/tokens/bob", token: setup.alice),
                try await client.call(.post, "/v1/admin/extensions", token: setup.alice, json: grant),
                try await client.call(.get, "/v1/admin/export", token: setup.alice),
                try await client.call(.post, "/v1/admin/regrade/week%2Fcounter", token: setup.alice),
                try await client.call(.get, "/v1/admin/queue", token: setup.alice),
                try await client.call(.get, "/v1/admin/extensions", token: setup.alice),
                try await client.call(.delete, "/v1/admin/extensions/alice/week", token: setup.alice),
                try await client.call(.get, "/v1/admin/people", token: setup.alice),
                try await client.call(.get, "/v1/admin/students/alice", token: setup.alice),
            ]
            for response in responses {
                #expect(response.status == .forbidden)
                #expect(response.errorMessage == "only a TA may do this")
            }
            #expect(try setup.course.database.extensionUntil(personID: "alice", setID: "week") == nil)
        }
    }

    @Test(
        "A roster import adds new people with working tokens and updates known ones", arguments: StoreBackend.available)
    func rosterImport(backend: StoreBackend) async throws {
        try await TestCourse.on(backend, workers: 1) { setup, server in
            try await server.application().test(.router) { client in
                let people = [
                    RosterEntry(id: "bob", name: "Robert", section: "C"),
                    RosterEntry(id: "carol", name: "Carol", role: .student, sisUserID: "S3"),
                ]
                let response = try await client.call(
                    .post, "/v1/admin/roster", token: setup.ta, json: RosterImportRequest(people: people))
                let result = try response.decode(RosterImportResult.self)
                #expect(result.updated == ["bob"])
                #expect(result.created.map(\.id) == ["carol"])
                let token = try #require(result.created.first?.token)
                #expect(token.count >= 27)
                let me = try await client.call(.get, "/v1/me", token: token)
                #expect(try me.decode(Identity.self).id == "carol")
                #expect(try setup.course.database.person("bob")?.name == "Robert")
                #expect(try await client.call(.get, "/v1/me", token: setup.bob).status == .ok)
            }
        }
    }

    @Test("Rotating a token retires the old one; revoking leaves none; unknown people are 404")
    func tokens() async throws {
        try await server.application().test(.router) { client in
            let rotated = try await client.call(.post, "/v1/admin/tokens/alice", token: setup.ta)
            let issued = try rotated.decode(IssuedToken.self)
            #expect(issued.token != setup.alice)
            #expect(try await client.call(.get, "/v1/me", token: setup.alice).status == .unauthorized)
            #expect(try await client.call(.get, "/v1/me", token: issued.token).status == .ok)
            let revoked = try await client.call(.delete, "/v1/admin/tokens/alice", token: setup.ta)
            let revocation = try revoked.decode(TokenRevocation.self)
            #expect(revocation.id == "alice" && revocation.revoked)
            #expect(try await client.call(.get, "/v1/me", token: issued.token).status == .unauthorized)
            let unknown = try await client.call(.post, "/v1/admin/tokens/zed", token: setup.ta)
            #expect(unknown.status == .notFound)
            #expect(unknown.errorMessage == "unknown person 'zed'; import them with `pset admin roster import`")
        }
    }

    @Test("Extensions need a known student and a known set")
    func extensions() async throws {
        try await server.application().test(.router) { client in
            let until = TestCourse.due.addingTimeInterval(86_400)
            let ok = try await client.call(
                .post, "/v1/admin/extensions", token: setup.ta,
                json: ExtensionGrant(student: "alice", set: "week", until: until))
            #expect(try ok.decode(ExtensionGrant.self).until == until)
            #expect(try setup.course.database.extensionUntil(personID: "alice", setID: "week") == until)
            let set = try await client.call(
                .post, "/v1/admin/extensions", token: setup.ta,
                json: ExtensionGrant(student: "alice", set: "weak", until: until))
            #expect(set.status == .notFound)
            #expect(set.errorMessage == "unknown set 'weak'; the sets are week")
            let person = try await client.call(
                .post, "/v1/admin/extensions", token: setup.ta,
                json: ExtensionGrant(student: "zed", set: "week", until: until))
            #expect(person.status == .notFound)
            let ta = try await client.call(
                .post, "/v1/admin/extensions", token: setup.ta,
                json: ExtensionGrant(student: "ta1", set: "week", until: until))
            #expect(ta.status == .badRequest)
        }
    }

    @Test(
        "The export comes as csv, canvas or json; other formats and sets are refused", arguments: StoreBackend.available
    )
    func export(backend: StoreBackend) async throws {
        try await TestCourse.on(backend, workers: 1) { setup, server in
            _ = try setup.course.answer("week/pick", ["b"], by: "alice")
            try await server.application().test(.router) { client in
                let csv = try await client.call(.get, "/v1/admin/export?format=csv", token: setup.ta)
                #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
                #expect(
                    csv.text
                        == "id,name,email,section,week,total,percent\r\nalice,Alice,alice@example.edu,A,2,2,15.38\r\nbob,Bob,bob@example.edu,B,0,0,0\r\n"
                )
                let canvas = try await client.call(.get, "/v1/admin/export?format=canvas&set=week", token: setup.ta)
                #expect(
                    canvas.text
                        == "Student,ID,SIS User ID,SIS Login ID,Section,Week one (4242)\r\n"
                        + "Points Possible,,,,,13\r\nAlice,101,S1,alice,A,2\r\nBob,,,,B,0\r\n")
                let json = try await client.call(.get, "/v1/admin/export?format=json", token: setup.ta)
                let book = try json.decode(Gradebook.self)
                #expect(book.students.first?.sets.first?.problems.first?.score == 2)
                let format = try await client.call(.get, "/v1/admin/export?format=xlsx", token: setup.ta)
                #expect(format.status == .badRequest)
                #expect(format.errorMessage == "unknown format 'xlsx'; use csv, canvas or json")
                #expect(try await client.call(.get, "/v1/admin/export?set=nope", token: setup.ta).status == .notFound)
            }
        }
    }

    @Test("A regrade adds a grading to every stored submission, keeps the attempts, and reports changes")
    func regrade() async throws {
        let files = [SourceFile(name: "counter.c", contents: "pthread_mutex_t m;\n")]
        _ = try await setup.course.submit("week/counter", files: files, by: "alice")
        _ = try await setup.course.submit(
            "week/counter", files: [SourceFile(name: "counter.c", contents: "")], by: "bob")
        await setup.grader.setPassingScore(8)
        try await server.application().test(.router) { client in
            let response = try await client.call(.post, "/v1/admin/regrade/week%2Fcounter", token: setup.ta)
            let report = try response.decode(RegradeReport.self)
            #expect(report.regraded == 2)
            #expect(report.changed == [.init(student: "alice", attempt: 1, before: 10, after: 8, verdict: .passed)])
            let attempts = try setup.course.database.attempts(at: "week/counter")
            #expect(attempts.count == 2)
            #expect(try attempts.map { try setup.course.database.gradings(of: $0.attempt.id!).count } == [2, 2])
            // A question's answers are checked again against the same key: nothing changes, nothing is queued.
            _ = try setup.course.answer("week/pick", ["b"], by: "bob")
            let question = try await client.call(.post, "/v1/admin/regrade/week%2Fpick", token: setup.ta)
            #expect(try question.decode(RegradeReport.self) == RegradeReport(id: "week/pick", regraded: 1, changed: []))
            let queue = try await client.call(.get, "/v1/admin/queue", token: setup.ta)
            #expect(try queue.decode(QueueCounts.self) == QueueCounts(queued: 0, running: 0, done: 0))
        }
    }
}
