import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PsetCourse
import PsetModel
import PsetService
import PsetStore
import ServiceLifecycleTestKit
import Testing

/// A TA's day over HTTP: extensions checked, listed and revoked, a roster imported again, the queue's jobs, people
/// and one student's record, a regrade's progress, and the answer key on a TA's `show`.
@Suite("A TA's day", .serialized, .timeLimit(.minutes(1)))
struct TADayTests {
    let setup: TestCourse
    let server: PsetServer

    init() throws {
        setup = try TestCourse()
        server = PsetServer(course: setup.course, configuration: ServerConfiguration(port: 0, workers: 1))
    }

    @Test("An extension must end after the set's due date unless forced; it is listed, and revoked")
    func extensionsAreCheckedListedAndRevoked() async throws {
        try await server.application().test(.router) { client in
            let early = try await client.call(
                .post, "/v1/admin/extensions", token: setup.ta,
                json: ExtensionGrant(student: "alice", set: "week", until: TestCourse.due))
            #expect(early.status == .badRequest)
            #expect(
                early.errorMessage
                    == "week is due 2026-12-11T23:59:00Z; an extension must end later (--force grants it anyway)")
            #expect(try setup.course.database.extensionUntil(personID: "alice", setID: "week") == nil)
            let forced = try await client.call(
                .post, "/v1/admin/extensions", token: setup.ta,
                json: ExtensionGrant(student: "bob", set: "week", until: TestCourse.beforeDue, force: true))
            #expect(forced.status == .ok)
            let until = TestCourse.due.addingTimeInterval(86_400)
            _ = try await client.call(
                .post, "/v1/admin/extensions", token: setup.ta,
                json: ExtensionGrant(student: "alice", set: "week", until: until))

            let all = try await client.call(.get, "/v1/admin/extensions", token: setup.ta).decode([ExtensionView].self)
            #expect(all.map(\.student) == ["alice", "bob"])
            #expect(all.first?.until == until && all.first?.due == TestCourse.due)
            let bobs = try await client.call(.get, "/v1/admin/extensions?student=bob&set=week", token: setup.ta)
            #expect(try bobs.decode([ExtensionView].self).map(\.until) == [TestCourse.beforeDue])
            #expect(try await client.call(.get, "/v1/admin/extensions?set=nope", token: setup.ta).status == .notFound)
            #expect(
                try await client.call(.get, "/v1/admin/extensions?student=zed", token: setup.ta).status == .notFound)

            let revoked = try await client.call(.delete, "/v1/admin/extensions/bob/week", token: setup.ta)
            let revocation = try revoked.decode(ExtensionRevocation.self)
            #expect(revocation.student == "bob" && revocation.set == "week")
            #expect(revocation.revoked && revocation.due == TestCourse.due)
            let again = try await client.call(.delete, "/v1/admin/extensions/bob/week", token: setup.ta)
            #expect(try again.decode(ExtensionRevocation.self).revoked == false)
            #expect(try setup.course.database.extensions().map(\.personID) == ["alice"])
            #expect(
                try await client.call(.delete, "/v1/admin/extensions/bob/weak", token: setup.ta).status == .notFound)
            #expect(
                try await client.call(.delete, "/v1/admin/extensions/bob/week", token: setup.bob).status == .forbidden)
        }
    }

    @Test("Late marks and scores follow the due date in force: an extension granted after the fact, then revoked")
    func lateMarksFollowTheExtension() async throws {
        let admin = CourseAdmin(course: setup.course)
        setup.clock.set(TestCourse.halfDayLate)
        _ = try setup.course.answer("week/pick", ["b"], by: "alice")
        #expect(try setup.course.problems(for: "alice").first { $0.id == "week/pick" }?.score == 1)
        #expect(try setup.course.history(for: "alice").map(\.late) == [true])

        let until = TestCourse.due.addingTimeInterval(86_400)
        _ = try admin.grantExtension(ExtensionGrant(student: "alice", set: "week", until: until))
        #expect(try setup.course.problems(for: "alice").first { $0.id == "week/pick" }?.score == 2)
        #expect(try setup.course.history(for: "alice").map(\.late) == [false])
        #expect(try admin.gradebook().students.first { $0.id == "alice" }?.score == 2)

        #expect(try admin.revokeExtension(of: "alice", for: "week").revoked)
        #expect(try setup.course.problems(for: "alice").first { $0.id == "week/pick" }?.score == 1)
        #expect(try setup.course.history(for: "alice").map(\.late) == [true])
        #expect(try setup.course.feedback("week/pick", for: "alice").answer?.late == true)
    }

    @Test("A roster imported again keeps the SIS ids it does not carry and clears those it leaves empty")
    func rosterReimportKeepsWhatItDoesNotCarry() throws {
        let admin = CourseAdmin(course: setup.course)
        let plain = try RosterEntry.parse(
            csv: "id,name,email,section,role\nalice,Alice B,alice@example.edu,A,student\n")
        let kept = try admin.importRoster(plain)
        #expect(kept.updated == ["alice"] && kept.cleared.isEmpty)
        #expect(kept.kept == ["sis_user_id", "sis_login_id", "lms_id"])
        let alice = try #require(try setup.course.database.person("alice"))
        #expect(alice.name == "Alice B")
        #expect(alice.sisUserID == "S1" && alice.sisLoginID == "alice" && alice.lmsID == "101")

        let emptied = try RosterEntry.parse(
            csv:
                "id,name,email,section,role,sis_user_id,lms_id\nalice,Alice,a@x,A,student,,202\nnew,New,n@x,B,student,,\n"
        )
        let result = try admin.importRoster(emptied)
        #expect(result.kept == ["sis_login_id"])
        #expect(result.cleared.map { "\($0.id) \($0.field)" } == ["alice sis_user_id"])
        let after = try #require(try setup.course.database.person("alice"))
        #expect(after.sisUserID == nil && after.sisLoginID == "alice" && after.lmsID == "202")
        let onlyNew = try admin.importRoster(
            try RosterEntry.parse(csv: "id,name,email,section,role\nnewer,Newer,w@x,B,student\n"))
        #expect(onlyNew.created.map(\.id) == ["newer"] && onlyNew.kept.isEmpty)
        let new = try #require(try setup.course.database.person("new"))
        #expect(new.sisUserID == nil && new.lmsID == nil)
        #expect(try admin.gradebook().unmatchedInCanvas.map(\.id) == ["bob", "new", "newer"])
    }

    @Test("The queue lists each job waiting, being graded or failed: whose, what, since when, on which worker")
    func queueListsJobs() async throws {
        let files = [SourceFile(name: "counter.c", contents: "pthread_mutex_t m;\n")]
        let first = try setup.course.recordSubmission("week/counter", files: files, by: "alice", enqueue: true)
        _ = try setup.course.recordSubmission("week/counter", files: files, by: "bob", enqueue: true)
        let claimed = try #require(try setup.course.database.claimJob(by: "w1", at: TestCourse.beforeDue, lease: 30))
        #expect(claimed.attemptID == first.id)
        // The routes alone, without the server's own workers, which would grade the jobs under the test's feet.
        try await Application(router: server.router()).test(.router) { client in
            let response = try await client.call(.get, "/v1/admin/queue", token: setup.ta)
            let report = try response.decode(QueueReport.self)
            #expect(report.queued == 1 && report.running == 1 && report.done == 0)
            #expect(
                report.jobs.map {
                    "\($0.student) \($0.problem) #\($0.attempt) \($0.state.rawValue) \($0.worker ?? "-")"
                }
                    == ["alice week/counter #1 running w1", "bob week/counter #1 queued -"])
            #expect(report.jobs.allSatisfy { $0.since == TestCourse.beforeDue })
        }
        _ = try setup.course.database.finishJob(
            try #require(claimed.lease), grading: setup.course.failedGrading(of: first, reason: "it crashed"),
            at: TestCourse.due)
        let failed = try CourseAdmin(course: setup.course).queue().jobs
        #expect(failed.map(\.state) == [.failed, .queued])
        #expect(failed.first?.since == TestCourse.due && failed.first?.worker == "w1")
    }

    @Test("A job being graded names the worker that took it: this process and the worker's number")
    func runningJobsNameTheirWorker() async throws {
        await setup.grader.hold()
        let files = [SourceFile(name: "counter.c", contents: "pthread_mutex_t m;\n")]
        _ = try setup.course.recordSubmission("week/counter", files: files, by: "alice", enqueue: true)
        let queue = GradingQueue(course: setup.course, workers: 1, events: QueueEvents(), logger: Logger(label: "test"))
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await queue.run() }
                while try setup.course.database.queueCounts().running == 0 {
                    try await Task.sleep(for: .milliseconds(5))
                }
                let job = try #require(try CourseAdmin(course: setup.course).queue().jobs.first)
                #expect(job.state == .running && job.worker?.hasSuffix(" pid \(getpid()) #1") == true)
                trigger.triggerGracefulShutdown()
                await setup.grader.release()
                try await tasks.waitForAll()
            }
        }
        #expect(try CourseAdmin(course: setup.course).queue().jobs.isEmpty)
    }

    @Test("People are listed by role; one student's record has their extensions, grades and latest attempts")
    func peopleAndOneStudent() async throws {
        _ = try setup.course.answer("week/pick", ["a"], by: "alice")
        _ = try setup.course.answer("week/pick", ["b"], by: "alice")
        try await server.application().test(.router) { client in
            let students = try await client.call(.get, "/v1/admin/people?role=student", token: setup.ta)
            let people = try students.decode([PersonView].self)
            #expect(people.map(\.id) == ["alice", "bob"])
            #expect(people.first?.sisUserID == "S1" && people.allSatisfy(\.token))
            let everyone = try await client.call(.get, "/v1/admin/people", token: setup.ta)
            #expect(try everyone.decode([PersonView].self).count == 3)
            let bad = try await client.call(.get, "/v1/admin/people?role=prof", token: setup.ta)
            #expect(bad.status == .badRequest && bad.errorMessage == "unknown role 'prof'; use student or ta")

            let response = try await client.call(.get, "/v1/admin/students/alice", token: setup.ta)
            let record = try response.decode(StudentRecord.self)
            #expect(record.person.email == "alice@example.edu")
            #expect(record.grades.score == 0)
            let pick = try #require(record.problems.first { $0.id == "week/pick" })
            #expect(pick.attempts == 2 && pick.latest?.attempt == 2 && pick.latest?.correct == true)
            #expect(record.problems.first { $0.id == "week/counter" }?.latest == nil)
            #expect(try await client.call(.get, "/v1/admin/students/ta1", token: setup.ta).status == .badRequest)
            #expect(try await client.call(.get, "/v1/admin/students/zed", token: setup.ta).status == .notFound)
            #expect(try await client.call(.get, "/v1/admin/students/bob", token: setup.alice).status == .forbidden)
        }
    }

    @Test("A regrade asked for as NDJSON streams a line per attempt, then the report with scores up and down")
    func regradeStreamsProgress() async throws {
        let files = [SourceFile(name: "counter.c", contents: "pthread_mutex_t m;\n")]
        _ = try await setup.course.submit("week/counter", files: files, by: "alice")
        _ = try await setup.course.submit("week/counter", files: files, by: "bob")
        await setup.grader.setPassingScore(8)
        try await server.application().test(.router) { client in
            let headers: HTTPFields = [.authorization: "Bearer \(setup.ta)", .accept: RegradeEvent.mediaType]
            let (status, type, body) = try await client.execute(
                uri: "/v1/admin/regrade/week%2Fcounter", method: .post, headers: headers, body: nil
            ) { response in
                (response.status, response.headers[.contentType], String(buffer: response.body))
            }
            #expect(status == .ok && type == RegradeEvent.mediaType)
            let events = try body.split(separator: "\n").map {
                try ViewCoding.decoder.decode(RegradeEvent.self, from: Data($0.utf8))
            }
            #expect(
                events.compactMap(\.progress) == [
                    RegradeProgress(done: 0, total: 2, student: "alice", attempt: 1),
                    RegradeProgress(done: 1, total: 2, student: "bob", attempt: 1),
                    RegradeProgress(done: 2, total: 2),
                ])
            let report = try #require(events.last?.report)
            #expect(report.changed.count == 2 && report.lowered == 2 && report.raised == 0)
            let unknown = try await client.execute(
                uri: "/v1/admin/regrade/week%2Fnope", method: .post, headers: headers, body: nil
            ) { $0.status }
            #expect(unknown == .notFound)
        }
    }

    @Test("A TA's show has the answer key at once and a coding task's reference file names; a student's does not")
    func taShowHasTheAnswerKey() async throws {
        try await server.application().test(.router) { client in
            let forTA = try await client.call(.get, "/v1/problems/week%2Fpick", token: setup.ta)
            let view = try forTA.decode(ProblemView.self)
            #expect(view.revealed && view.answer != nil && view.explanation == "B is the one.")
            #expect(view.reference == nil)
            let task = try await client.call(.get, "/v1/problems/week%2Fcounter", token: setup.ta)
            #expect(try task.decode(ProblemView.self).reference == ["counter.c"])
            #expect(!task.text.contains("int counter;"))
            let forStudent = try await client.call(.get, "/v1/problems/week%2Fpick", token: setup.alice)
            let hidden = try forStudent.decode(ProblemView.self)
            #expect(!hidden.revealed && hidden.answer == nil && hidden.explanation == nil)
            let asStudent = try await client.call(.get, "/v1/problems/week%2Fcounter?student=alice", token: setup.ta)
            #expect(try asStudent.decode(ProblemView.self).reference == nil)
        }
    }
}
