import Foundation
import PsetCourse
import PsetModel
import PsetStore

/// The student commands on the embedded database, as the student named by `PSET_USER` or the login name.
struct LocalBackend: StudentBackend {
    let course: Course
    let student: String

    /// Opens the course on the local database and makes sure the student is known to it.
    init(course: Course, student: String) throws {
        self.course = course
        self.student = student
        try course.database.addPersonIfAbsent(Person(id: student, name: student))
    }

    func problems() async throws -> [ProblemSummary] { try course.problems(for: student) }
    func show(_ id: String) async throws -> ProblemView { try course.show(id, for: student) }
    func starterFiles(_ id: String) async throws -> [SourceFile] { try course.starterFiles(id) }
    func answer(_ id: String, _ values: [String]) async throws -> AnswerResult {
        try course.answer(id, values, by: student)
    }
    func submit(_ id: String, files: [SourceFile], seed: String?, progress: ProgressLine) async throws -> SubmitResult {
        try await course.submit(id, files: files, by: student, seed: seed) { progress.show($0) }
    }
    func grades() async throws -> GradeReport { try course.grades(for: student) }
    func history(_ id: String?) async throws -> [HistoryEntry] { try course.history(for: student, problem: id) }
    func feedback(_ id: String, attempt: Int?) async throws -> AttemptFeedback {
        try course.feedback(id, attempt: attempt, for: student)
    }
    func test(_ id: String, files: [SourceFile], seed: String?, progress: ProgressLine) async throws -> SubmitResult {
        try await course.practice(id, files: files, seed: seed) { progress.show($0) }
    }
}
