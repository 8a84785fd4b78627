import Foundation
import GRDB

extension AppDatabase {
    /// Records grades pushed to Canvas, all or none.
    public func recordCanvasPushes(_ pushes: [CanvasPushRecord], at date: Date) throws {
        try writer.write { db in
            for push in pushes {
                try db.execute(
                    sql: """
                        INSERT INTO canvas_push
                            (person_id, set_id, course, assignment, score, previous, progress_id, pushed_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        push.student, push.set, push.course, push.assignment, push.score, push.previous,
                        push.progressID, push.pushedAt ?? date,
                    ])
            }
        }
    }

    /// Every recorded push, oldest first; only one student's when `student` is given.
    public func canvasPushes(of student: String?) throws -> [CanvasPushRecord] {
        try writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT person_id, set_id, course, assignment, score, previous, progress_id, pushed_at
                    FROM canvas_push WHERE ?1 IS NULL OR person_id = ?1 ORDER BY pushed_at, id
                    """,
                arguments: [student])
            return rows.map { row in
                CanvasPushRecord(
                    student: row["person_id"], set: row["set_id"], course: row["course"],
                    assignment: row["assignment"], score: row["score"], previous: row["previous"],
                    progressID: row["progress_id"], pushedAt: row["pushed_at"])
            }
        }
    }
}
