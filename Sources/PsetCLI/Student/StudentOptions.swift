import ArgumentParser
import Foundation
import PsetBank
import PsetCourse
import PsetModel

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

    /// The local database, the course's own bank, and the grader.
    func backend() throws -> any StudentBackend {
        let course = try Course(bank: .builtIn, database: database.open(), grader: CourseGrader.shared)
        return try LocalBackend(course: course, student: Self.currentStudent)
    }
}
