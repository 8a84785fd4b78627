import ArgumentParser
import Foundation
import PsetCanvas
import PsetService
import PsetStore

extension Pset.Admin {
    struct Push: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Push the gradebook to a learning-management system.", subcommands: [Canvas.self])
    }
}

extension Pset.Admin.Push {
    struct Canvas: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Send each set's scores to its Canvas assignment: only the grades that differ, one bulk update each.",
            discussion: """
                Canvas's address is --canvas-url or CANVAS_API_URL; the API token is CANVAS_API_TOKEN (never an \
                option, so it stays out of shell history). A set is pushed to the assignment its \
                CanvasAssignment("id") names in the bank; students are matched by SIS user id. Throttled \
                requests are repeated with backoff. Every grade sent is recorded. --assignment SET=ID names \
                or overrides a set's assignment without rebuilding the bank.
                """)

        @Option(help: "The Canvas course: its id, or sis_course_id:ID.")
        var course: String

        @Option(help: "Only this set.")
        var set: String?

        @Flag(help: "Show what would change in Canvas, and change nothing.")
        var dryRun = false

        @Option(name: .customLong("canvas-url"), help: "Canvas's address (default: CANVAS_API_URL).")
        var canvasURL: String?

        @Option(
            name: .customLong("assignment"),
            help: ArgumentHelp("A set's Canvas assignment, over the bank's (repeatable).", valueName: "set=id"))
        var assignments: [String] = []

        /// The `--assignment` pairs by set.
        func assignmentOverrides() throws -> [String: String] {
            var pairs: [String: String] = [:]
            for pair in assignments {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    throw ValidationError("--assignment takes SET=ID, as in ipc=12345; got '\(pair)'")
                }
                pairs[parts[0]] = parts[1]
            }
            return pairs
        }

        @OptionGroup var admin: AdminOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            guard let address = canvasURL ?? environment["CANVAS_API_URL"], !address.isEmpty else {
                throw ValidationError("name Canvas's address with --canvas-url or CANVAS_API_URL")
            }
            guard let token = environment["CANVAS_API_TOKEN"], !token.isEmpty else {
                throw ValidationError("set CANVAS_API_TOKEN to a Canvas API token that may manage grades")
            }
            let overrides = try assignmentOverrides()
            let backend = try admin.backend()
            var book = try await backend.gradebook(set: set)
            for (setID, assignment) in overrides {
                guard let index = book.sets.firstIndex(where: { $0.id == setID }) else {
                    throw ValidationError(
                        "--assignment names the set '\(setID)', which is not among \(book.sets.map(\.id).joined(separator: ", "))"
                    )
                }
                book.sets[index].canvasAssignmentID = assignment
            }
            let assigned = book.sets.filter { $0.canvasAssignmentID != nil }
            guard !assigned.isEmpty else {
                throw CanvasError(
                    "no set\(set.map { " \($0)" } ?? "") names its Canvas assignment; add CanvasAssignment(\"id\") to it in the bank, or --assignment SET=ID"
                )
            }
            let pusher = CanvasPusher(client: try CanvasClient(baseURL: address, token: token), course: course)
            var pushes: [CanvasPush] = []
            for info in assigned {
                guard let assignment = info.canvasAssignmentID else { continue }
                let grades = book.students.map { student in
                    CanvasGrade(
                        student: student.id, sisUserID: student.sisUserID,
                        score: student.sets.first { $0.id == info.id }?.score ?? 0)
                }
                let push = try await pusher.push(set: info.id, assignment: assignment, grades: grades, send: !dryRun)
                if let progressID = push.progressID {
                    let records = push.changes.map { change in
                        CanvasPushRecord(
                            student: change.student, set: push.set, course: course, assignment: assignment,
                            score: change.to, previous: change.from, progressID: progressID)
                    }
                    _ = try await backend.recordCanvasPushes(CanvasPushReport(pushes: records))
                }
                pushes.append(push)
            }
            try output.emit(pushes) { pushes, _ in
                pushes.map { Self.describe($0, dryRun: dryRun) }.joined(separator: "\n")
            }
        }

        /// One assignment's push as text: each change, then who could not be matched.
        static func describe(_ push: CanvasPush, dryRun: Bool) -> String {
            func points(_ value: Double?) -> String { value.map(CanvasPusher.points) ?? "ungraded" }
            let verb = dryRun ? "would change" : "changed"
            var lines = [
                "\(push.set) → Canvas assignment \(push.assignment): \(verb) \(push.changes.count), "
                    + "\(push.unchanged) already right"
                    + (push.progressID.map { " (Canvas job \($0) completed)" } ?? "")
            ]
            lines += push.changes.map { "  \($0.student) (\($0.sisUserID)): \(points($0.from)) → \(points($0.to))" }
            if !push.withoutSISID.isEmpty {
                lines.append("  not sent, no SIS user id: \(push.withoutSISID.joined(separator: ", "))")
            }
            if !push.notInCanvas.isEmpty {
                lines.append("  not sent, not in the Canvas course: \(push.notInCanvas.joined(separator: ", "))")
            }
            return lines.joined(separator: "\n")
        }
    }
}
