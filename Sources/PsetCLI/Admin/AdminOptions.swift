import ArgumentParser
import Foundation
import PsetBank
import PsetCourse
import PsetService

/// Options every staff command takes, and the backend they select.
struct AdminOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    /// The database when one is named (`--db`, `PSET_DB`) or no server is configured; else the server.
    func backend() throws -> any AdminBackend {
        if !database.isExplicit, let settings = try ServerSettings.current() {
            return RemoteAdmin(client: ServiceClient(settings: settings))
        }
        let course = try Course(bank: .builtIn, database: database.open(), grader: CourseGrader.shared)
        return LocalAdmin(admin: CourseAdmin(course: course))
    }
}
