import Foundation
import PsetCourse
import PsetModel

extension Gradebook {
    /// One row per student: id, name, email, section, each set's score, total and percent.
    public var csv: String {
        var rows = [["id", "name", "email", "section"] + sets.map(\.id) + ["total", "percent"]]
        for student in students {
            rows.append(
                [student.id, student.name, student.email, student.section]
                    + student.sets.map { Self.number($0.score) }
                    + [Self.number(student.score), Self.number(student.percent)])
        }
        return CSVTable.render(rows)
    }

    /// The layout Canvas's gradebook import reads: identity columns, one column per set headed
    /// `Title (assignment id)` when the set names its Canvas assignment, and a `Points Possible` row first.
    public var canvas: String {
        let titles = sets.map { set in set.canvasAssignmentID.map { "\(set.title) (\($0))" } ?? set.title }
        var rows = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] + titles]
        rows.append(["Points Possible", "", "", "", ""] + sets.map { Self.number($0.points) })
        for student in students {
            rows.append(
                [student.name, student.lmsID ?? "", student.sisUserID ?? "", student.sisLoginID ?? "", student.section]
                    + student.sets.map { Self.number($0.score) })
        }
        return CSVTable.render(rows)
    }

    /// The students Canvas's import cannot match to anyone, having no Canvas id, SIS user id or SIS login id.
    public var unmatchedInCanvas: [Student] {
        students.filter { [$0.lmsID, $0.sisUserID, $0.sisLoginID].allSatisfy { $0 == nil } }
    }

    /// Everything, per problem, as JSON.
    public func json() throws -> String {
        String(decoding: try ViewCoding.encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// The gradebook in a format.
    public func rendered(as format: ExportFormat) throws -> String {
        switch format {
        case .csv: csv
        case .canvas: canvas
        case .json: try json()
        }
    }

    /// A score as a spreadsheet reads it: no trailing zeros, at most two decimals.
    static func number(_ value: Double) -> String { value.pointsText }
}
