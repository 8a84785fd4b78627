import ArgumentParser
import Foundation
import PsetBank
import PsetCourse
import PsetModel
import PsetService
import PsetStore

/// Options every student command takes, and the backend they select.
struct StudentOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    /// The student: `PSET_USER`, else the login name.
    static var currentStudent: String {
        let environment = ProcessInfo.processInfo.environment
        if let user = environment["PSET_USER"], !user.isEmpty { return user }
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return environment["USER"] ?? "student"
    }

    /// A `pset serve` when one is configured (`pset login`, or `PSET_SERVER` and `PSET_TOKEN`) and no
    /// database was named; else the local database, the course's own bank, and the grader.
    ///
    /// `subject` is the student a TA asks about (`--student`): the server checks the caller is a TA, and on the
    /// database, whoever may open it may read anyone's work.
    func backend(about subject: String? = nil) throws -> any StudentBackend {
        if !database.isExplicit, let settings = try ServerSettings.current() {
            return RemoteBackend(client: ServiceClient(settings: settings), subject: subject)
        }
        let course = try Course(bank: .builtIn, database: database.open(), grader: CourseGrader.shared)
        if let subject, try course.database.person(subject) == nil { throw AdminError.unknownPerson(subject) }
        return try LocalBackend(course: course, student: subject ?? Self.currentStudent)
    }
}
