import Foundation
import HTTPTypes
import HummingbirdTesting
import PsetCourse
import PsetService
import PsetStore
import Testing

@Suite("TA routes: Canvas pushes", .serialized, .timeLimit(.minutes(1)))
struct CanvasPushAPITests {
    let setup: TestCourse
    let server: PsetServer

    init() throws {
        setup = try TestCourse()
        server = PsetServer(course: setup.course, configuration: ServerConfiguration(port: 0, workers: 1))
    }

    static func push(_ student: String, set: String = "week") -> CanvasPushRecord {
        CanvasPushRecord(
            student: student, set: set, course: "77", assignment: "501", score: 8.5, previous: 6, progressID: 3)
    }

    @Test("A TA's push is recorded; a student's is refused; an unknown student or set records nothing")
    func recordsPushes() async throws {
        try await server.application().test(.router) { client in
            let path = "/v1/admin/canvas-pushes"
            let refused = try await client.call(
                .post, path, token: setup.alice, json: CanvasPushReport(pushes: [Self.push("alice")]))
            #expect(refused.status == .forbidden)
            let unknownStudent = try await client.call(
                .post, path, token: setup.ta, json: CanvasPushReport(pushes: [Self.push("alice"), Self.push("zed")]))
            #expect(unknownStudent.status == .notFound)
            let unknownSet = try await client.call(
                .post, path, token: setup.ta, json: CanvasPushReport(pushes: [Self.push("alice", set: "nope")]))
            #expect(unknownSet.status != .ok)
            #expect(try setup.course.database.canvasPushes().isEmpty)
            let recorded = try await client.call(
                .post, path, token: setup.ta, json: CanvasPushReport(pushes: [Self.push("alice"), Self.push("bob")]))
            #expect(try recorded.decode(CanvasPushRecorded.self).recorded == 2)
            let stored = try setup.course.database.canvasPushes(of: "alice")
            #expect(stored.count == 1)
            #expect(stored.first?.score == 8.5)
            #expect(stored.first?.previous == 6)
            #expect(stored.first?.pushedAt != nil)
        }
    }
}
