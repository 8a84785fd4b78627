import Foundation
import PsetCourse
import PsetStore

/// The dashboard's class-wide figures (every student's standing, the bug classes of their latest submissions),
/// kept between requests and brought up to date with only the students whose attempts or gradings changed.
///
/// A gradebook of 500 students × 100 problems × 5 attempts reads 250,000 attempts; between two views of the
/// dashboard a handful of students submit, so reading theirs again keeps every view after the first fast.
actor ClassOverview {
    let course: Course
    private var version: ClassVersion?
    private var standings: [String: ClassStanding] = [:]
    private var checks: [String: [LatestCheck]] = [:]

    init(course: Course) {
        self.course = course
    }

    /// Every student's standing, in the roster's order, and the bug classes of each coding task, as of now.
    func current() throws -> (standings: [ClassStanding], mistakes: [TaskMistakes]) {
        let database = course.database
        let students = try database.people().filter { $0.role == .student }
        // Read before the figures, so a change made while they are computed is read again next time.
        let now = try database.classVersion()
        var stale: Set<String>
        if let version, version.extensions == now.extensions {
            stale = try database.peopleChanged(since: version)
        } else {
            // The first look, or an extension granted or revoked: everyone's late marks may have moved.
            stale = Set(students.map(\.id))
        }
        stale.formUnion(students.map(\.id).filter { standings[$0] == nil })
        let changed = students.filter { stale.contains($0.id) }
        if !changed.isEmpty {
            for standing in try course.standings(of: changed) { standings[standing.person.id] = standing }
            let ids = changed.map(\.id)
            let fresh = Dictionary(grouping: try database.latestChecks(of: ids), by: \.personID)
            for id in ids { checks[id] = fresh[id] ?? [] }
        }
        version = now
        let current = students.compactMap { person in
            standings[person.id].map { standing in
                var standing = standing
                standing.person = person
                return standing
            }
        }
        return (current, course.mistakes(in: students.flatMap { checks[$0.id] ?? [] }))
    }
}
