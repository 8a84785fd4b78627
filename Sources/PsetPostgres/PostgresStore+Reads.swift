import Foundation
import PostgresNIO
import PsetStore

extension PostgresStore {
    public func person(_ id: String) throws -> Person? {
        try read { session in try session.query("SELECT * FROM person WHERE id = \(id)").first?.person() }
    }

    public func people() throws -> [Person] {
        try read { session in try session.query("SELECT * FROM person ORDER BY id").map { try $0.person() } }
    }

    public func attempts(of personID: String, problem problemID: String?) throws -> [GradedAttempt] {
        try read { session in
            try session.query(
                """
                \(unescaped: Self.gradedAttempts)
                WHERE attempt.person_id = \(personID) AND (\(problemID)::text IS NULL OR attempt.problem_id = \(problemID))
                ORDER BY attempt.id
                """
            ).map(Self.gradedAttempt)
        }
    }

    public func attempts(at problemID: String) throws -> [GradedAttempt] {
        try read { session in
            try session.query(
                "\(unescaped: Self.gradedAttempts) WHERE attempt.problem_id = \(problemID) ORDER BY attempt.id"
            ).map(Self.gradedAttempt)
        }
    }

    public func attempt(id: Int64) throws -> GradedAttempt? {
        try read { session in
            try session.query("\(unescaped: Self.gradedAttempts) WHERE attempt.id = \(id)").first.map(
                Self.gradedAttempt)
        }
    }

    public func latestAttempt(of personID: String, problem problemID: String) throws -> Attempt? {
        try read { session in
            try session.query(
                """
                SELECT * FROM attempt WHERE person_id = \(personID) AND problem_id = \(problemID)
                ORDER BY number DESC LIMIT 1
                """
            ).first?.attempt()
        }
    }

    public func files(of attemptID: Int64) throws -> [SubmissionFile] {
        try read { session in try Self.files(of: attemptID, in: session) }
    }

    /// One statement, so one round trip: the attempt on every row, with one file each (none for an answer).
    public func submission(_ attemptID: Int64) throws -> StoredSubmission? {
        try read { session in
            let rows = try session.query(
                """
                SELECT attempt.*, file.name AS file_name, file.contents AS file_contents
                FROM attempt LEFT JOIN submission_file AS file ON file.attempt_id = attempt.id
                WHERE attempt.id = \(attemptID) ORDER BY file.position
                """)
            guard let first = rows.first else { return nil }
            let files = try rows.compactMap { row -> SubmissionFile? in
                guard let name: String = try row.value("file_name") else { return nil }
                return SubmissionFile(attemptID: attemptID, name: name, contents: try row.value("file_contents"))
            }
            return StoredSubmission(attempt: try first.attempt(), files: files)
        }
    }

    private static func files(of attemptID: Int64, in session: Session) throws -> [SubmissionFile] {
        try session.query(
            "SELECT name, contents FROM submission_file WHERE attempt_id = \(attemptID) ORDER BY position"
        ).map {
            SubmissionFile(attemptID: attemptID, name: try $0.value("name"), contents: try $0.value("contents"))
        }
    }

    public func gradings(of attemptID: Int64) throws -> [Grading] {
        try read { session in
            try session.query("SELECT * FROM grading WHERE attempt_id = \(attemptID) ORDER BY id").map {
                try $0.grading()
            }
        }
    }

    public func extensionUntil(personID: String, setID: String) throws -> Date? {
        try read { session in
            try session.value(
                "SELECT until FROM extension_grant WHERE person_id = \(personID) AND set_id = \(setID)", as: Date.self)
        }
    }

    public func extensions(personID: String?, setID: String?) throws -> [DueDateExtension] {
        try read { session in
            try session.query(
                """
                SELECT * FROM extension_grant
                WHERE (\(personID)::text IS NULL OR person_id = \(personID)) AND (\(setID)::text IS NULL OR set_id = \(setID))
                ORDER BY person_id, set_id
                """
            ).map {
                DueDateExtension(
                    personID: try $0.value("person_id"), setID: try $0.value("set_id"), until: try $0.value("until"),
                    grantedAt: try $0.value("granted_at"))
            }
        }
    }

    @discardableResult
    public func revokeExtension(personID: String, setID: String) throws -> Bool {
        try transaction { session in
            try session.execute("DELETE FROM extension_grant WHERE person_id = \(personID) AND set_id = \(setID)") > 0
        }
    }

    /// Attempts with the grading in force (the newest), its columns prefixed `g_`.
    static let gradedAttempts = """
        SELECT attempt.*, grading.id AS g_id, grading.graded_at AS g_graded_at, grading.score AS g_score,
            grading.verdict AS g_verdict, grading.details AS g_details, grading.seed AS g_seed
        FROM attempt LEFT JOIN grading ON grading.id = (
            SELECT max(latest.id) FROM grading AS latest WHERE latest.attempt_id = attempt.id)
        """

    static func gradedAttempt(_ row: PostgresRandomAccessRow) throws -> GradedAttempt {
        let attempt = try row.attempt()
        guard let id: Int64 = try row.value("g_id") else { return GradedAttempt(attempt: attempt, grading: nil) }
        var grading = Grading(
            attemptID: attempt.id!, gradedAt: try row.value("g_graded_at"), score: try row.value("g_score"),
            verdict: try row.value("g_verdict"), details: try row.value("g_details"), seed: try row.value("g_seed"))
        grading.id = id
        return GradedAttempt(attempt: attempt, grading: grading)
    }
}
