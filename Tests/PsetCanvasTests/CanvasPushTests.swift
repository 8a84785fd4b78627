import Foundation
import Testing

@testable import PsetCanvas

@Suite("Canvas push", .serialized, .timeLimit(.minutes(1)))
struct CanvasPushTests {
    /// Short waits, so throttling costs the tests milliseconds.
    static let quick = CanvasRetryPolicy(
        attempts: 4, firstDelay: .milliseconds(5), longestDelay: .milliseconds(50), progressInterval: .milliseconds(5),
        progressTimeout: .seconds(10))

    static func pusher(_ baseURL: String, token: String = FakeCanvas.token) throws -> CanvasPusher {
        CanvasPusher(client: try CanvasClient(baseURL: baseURL, token: token, retry: quick), course: FakeCanvas.course)
    }

    /// Pset's grades of set `ipc`: s1 changes, s2 is already right, s3 is ungraded in Canvas, s4 has no SIS id,
    /// s5 is not in the Canvas course.
    static let grades = [
        CanvasGrade(student: "s1", sisUserID: "SIS1", score: 8.5),
        CanvasGrade(student: "s2", sisUserID: "SIS2", score: 10),
        CanvasGrade(student: "s3", sisUserID: "SIS3", score: 3.333),
        CanvasGrade(student: "s4", sisUserID: nil, score: 7),
        CanvasGrade(student: "s5", sisUserID: "SIS5", score: 1),
    ]

    static func canvas() -> FakeCanvas {
        FakeCanvas(scores: ["501": ["SIS1": 6, "SIS2": 10, "SIS3": nil, "SIS9": 4]])
    }

    @Test("a dry run shows what would change and sends nothing")
    func dryRun() async throws {
        let canvas = Self.canvas()
        let push = try await canvas.serve { base in
            try await Self.pusher(base).push(set: "ipc", assignment: "501", grades: Self.grades, send: false)
        }
        #expect(push.changes.map(\.student) == ["s1", "s3"])
        #expect(push.changes.first?.from == 6)
        #expect(push.changes.first?.to == 8.5)
        #expect(push.changes.last?.from == nil)
        #expect(push.changes.last?.to == 3.33)
        #expect(push.unchanged == 1)
        #expect(push.withoutSISID == ["s4"])
        #expect(push.notInCanvas == ["s5"])
        #expect(push.progressID == nil)
        #expect(await canvas.received.allSatisfy { $0.method == "GET" })
        #expect(await canvas.scores["501"]?["SIS1"] == 6)
    }

    @Test("a push repeats what Canvas throttles, sends only the changes in one request, and waits for the job")
    func pushThroughThrottling() async throws {
        let canvas = Self.canvas()
        await canvas.set(updateFailures: [
            (403, "403 Forbidden (Rate Limit Exceeded)", nil), (429, "{}", "0"), (503, "busy", nil),
        ])
        let push = try await canvas.serve { base in
            try await Self.pusher(base).push(set: "ipc", assignment: "501", grades: Self.grades, send: true)
        }
        #expect(push.progressID == 1)
        #expect(await canvas.scores["501"]?["SIS1"] == 8.5)
        #expect(await canvas.scores["501"]?["SIS3"] == 3.33)
        #expect(await canvas.scores["501"]?["SIS2"] == 10)
        let received = await canvas.received
        #expect(received.allSatisfy { $0.authorization == "Bearer \(FakeCanvas.token)" })
        let updates = received.filter { $0.method == "POST" }
        #expect(updates.count == 4, "three refused, one accepted")
        #expect(updates.allSatisfy { $0.path == "/api/v1/courses/77/assignments/501/submissions/update_grades" })
        #expect(updates.allSatisfy { $0.contentType == "application/x-www-form-urlencoded" })
        let fields = updates.last?.body.split(separator: "&").compactMap { String($0).removingPercentEncoding } ?? []
        #expect(
            fields == [
                "grade_data[sis_user_id:SIS1][posted_grade]=8.5", "grade_data[sis_user_id:SIS3][posted_grade]=3.33",
            ])
        #expect(received.filter { $0.path == "/api/v1/progress/1" }.count == 2)
        #expect(received.first?.query.contains("include%5B%5D=user") == true)
    }

    @Test("a second push after the first finds nothing to change and sends nothing")
    func pushIsIdempotent() async throws {
        let canvas = Self.canvas()
        let second = try await canvas.serve { base in
            _ = try await Self.pusher(base).push(set: "ipc", assignment: "501", grades: Self.grades, send: true)
            return try await Self.pusher(base).push(set: "ipc", assignment: "501", grades: Self.grades, send: true)
        }
        #expect(second.changes.isEmpty)
        #expect(second.unchanged == 3)
        #expect(await canvas.received.filter { $0.method == "POST" }.count == 1)
    }

    @Test("every page of a long class list is read")
    func followsPages() async throws {
        var held: [String: Double?] = [:]
        var grades: [CanvasGrade] = []
        for index in 0..<250 {
            held["SIS\(index)"] = 1
            grades.append(CanvasGrade(student: "s\(index)", sisUserID: "SIS\(index)", score: index == 249 ? 2 : 1))
        }
        let canvas = FakeCanvas(scores: ["501": held])
        await canvas.set(pageSize: 100)
        let everyone = grades
        let push = try await canvas.serve { base in
            try await Self.pusher(base).push(set: "ipc", assignment: "501", grades: everyone, send: false)
        }
        #expect(push.unchanged == 249)
        #expect(push.changes.map(\.student) == ["s249"])
        #expect(push.notInCanvas.isEmpty)
        #expect(await canvas.received.filter { $0.path.hasSuffix("/submissions") }.count == 3)
    }

    @Test("a next page on another host is refused, and the token never goes there")
    func refusesForeignPages() async throws {
        let canvas = FakeCanvas(scores: ["501": Dictionary(uniqueKeysWithValues: (0..<3).map { ("SIS\($0)", 1.0) })])
        await canvas.set(pageSize: 2)
        await canvas.set(nextPageHost: "http://198.51.100.7")
        await #expect(throws: CanvasError.self) {
            try await canvas.serve { base in
                try await Self.pusher(base).push(set: "ipc", assignment: "501", grades: [], send: false)
            }
        }
        #expect(await canvas.received.count == 1)
    }

    @Test("a wrong token fails at once with one line, and is not repeated")
    func wrongToken() async throws {
        let canvas = Self.canvas()
        let error = await #expect(throws: CanvasError.self) {
            try await canvas.serve { base in
                try await Self.pusher(base, token: "wrong").push(
                    set: "ipc", assignment: "501", grades: Self.grades, send: true)
            }
        }
        #expect(error?.description.hasPrefix("Canvas refused the API token (401") == true)
        #expect(await canvas.received.count == 1)
    }

    @Test("an unknown assignment is named, and a job Canvas fails is an error")
    func failures() async throws {
        let canvas = Self.canvas()
        let unknown = await #expect(throws: CanvasError.self) {
            try await canvas.serve { base in
                try await Self.pusher(base).push(set: "ipc", assignment: "999", grades: Self.grades, send: true)
            }
        }
        #expect(unknown?.description.hasPrefix("Canvas has no such course or assignment (404") == true)
        await canvas.set(jobFails: true)
        let failed = await #expect(throws: CanvasError.self) {
            try await canvas.serve { base in
                try await Self.pusher(base).push(set: "ipc", assignment: "501", grades: Self.grades, send: true)
            }
        }
        #expect(failed?.description == "Canvas's job 1 failed: gradebook locked")
    }

    @Test("throttling that never ends gives up after the policy's attempts")
    func givesUp() async throws {
        let canvas = Self.canvas()
        await canvas.set(updateFailures: Array(repeating: (429, "{}", nil), count: 10))
        let error = await #expect(throws: CanvasError.self) {
            try await canvas.serve { base in
                try await Self.pusher(base).push(set: "ipc", assignment: "501", grades: Self.grades, send: true)
            }
        }
        #expect(error?.description.hasPrefix("Canvas answered 429") == true)
        #expect(await canvas.received.filter { $0.method == "POST" }.count == Self.quick.attempts)
    }

    @Test(
        "points are sent with at most two decimals",
        arguments: [(8.5, "8.5"), (10, "10"), (3.333, "3.33"), (0.05, "0.05"), (2.999, "3")])
    func points(value: Double, text: String) {
        #expect(CanvasPusher.points(value) == text)
    }

    @Test("an address that is not http(s) and an empty token are refused before any request")
    func badConfiguration() {
        #expect(throws: CanvasError.self) { try CanvasClient(baseURL: "ftp://canvas", token: "t") }
        #expect(throws: CanvasError.self) { try CanvasClient(baseURL: "https://canvas.example", token: "") }
    }
}
