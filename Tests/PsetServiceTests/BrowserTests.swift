import Foundation
import PsetCourse
import PsetModel
import PsetService
import Testing

/// Drives Debian's headless Chromium through the pages over the DevTools protocol (`Browser/drive_chromium.py`):
/// sign-in with the form, the student page, sign-out with its button, the TA dashboard and a problem's page.
/// The screenshots are kept under `.build/browser-screenshots` for CI to keep.
@Suite(
    "A real browser", .serialized, .timeLimit(.minutes(3)),
    .enabled(
        if: BrowserTools.chromium != nil && BrowserTools.python != nil,
        "skipped: chromium or python3 is not installed (`apt-get install chromium python3`; .ci/setup does it)"))
struct BrowserTests {
    /// The package's root, from this file's place in it.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// What the driver saw on one page.
    struct PageFacts: Decodable {
        var title: String
        var h1: String?
        var cookieVisibleToScripts: String
        var rows: Int
        var charts: Int
        var signOut: Bool
        var text: String
    }

    @Test("Sign in, the student page, sign out, the TA dashboard and a problem's page, in Chromium")
    func signInAndBrowse() async throws {
        let setup = try TestCourse()
        _ = try setup.course.answer("week/pick", ["a"], by: "alice")
        _ = try setup.course.answer("week/pick", ["b"], by: "bob")
        _ = try await setup.course.submit(
            "week/counter", files: [SourceFile(name: "counter.c", contents: "int counter;\n")], by: "alice")
        let server = PsetServer(course: setup.course, configuration: ServerConfiguration(port: 0, workers: 1))
        let shots = Self.root.appendingPathComponent(".build/browser-screenshots")
        let facts = try await withLiveServer(server) { port in
            try await Self.drive(
                ["http://127.0.0.1:\(port)", setup.alice, setup.ta, "/ta/problems/week%2Fcounter", shots.path])
        }
        let signIn = try #require(facts["signIn"])
        #expect(signIn.h1 == "Sign in to Pset" && !signIn.signOut)
        #expect(try #require(facts["wrongToken"]).text.contains("This token is not valid"))
        let student = try #require(facts["student"])
        #expect(student.h1 == "Your work, Alice")
        #expect(student.signOut)
        #expect(student.cookieVisibleToScripts.isEmpty, "the session cookie is HttpOnly")
        #expect(student.text.contains("Week one") && student.text.contains("Counter"))
        #expect(!student.text.contains("Bob"))
        #expect(try #require(facts["signedOut"]).h1 == "Sign in to Pset")
        let dashboard = try #require(facts["dashboard"])
        #expect(dashboard.h1 == "Course dashboard")
        #expect(dashboard.text.contains("What the class gets wrong") && dashboard.text.contains("lost update"))
        #expect(dashboard.text.contains("alice") && dashboard.text.contains("bob"))
        let problem = try #require(facts["problem"])
        #expect(problem.h1 == "Counter (week/counter)")
        #expect(problem.charts == 2)
        for name in ["sign-in", "student", "dashboard", "problem"] {
            let size =
                try FileManager.default.attributesOfItem(
                    atPath: shots.appendingPathComponent("\(name).png").path)[.size] as? Int
            #expect((size ?? 0) > 1000, "\(name).png was not written")
        }
    }

    /// Runs the driver with these arguments and decodes what it printed.
    static func drive(_ arguments: [String]) async throws -> [String: PageFacts] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BrowserTools.python!)
        process.arguments =
            [root.appendingPathComponent("Tests/PsetServiceTests/Browser/drive_chromium.py").path]
            + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let (printed, complaints) = try await Task.detached {
            let printed = try output.fileHandleForReading.readToEnd() ?? Data()
            return (printed, try errors.fileHandleForReading.readToEnd() ?? Data())
        }.value
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DriverFailure(message: String(decoding: complaints, as: UTF8.self))
        }
        return try JSONDecoder().decode([String: PageFacts].self, from: printed)
    }

    struct DriverFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { "the Chromium driver failed: \(message.suffix(2000))" }
    }
}

/// The programs the browser test needs, where Debian installs them.
enum BrowserTools {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
}
