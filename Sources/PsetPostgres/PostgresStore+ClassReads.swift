import Foundation
import PostgresNIO
import PsetStore

extension PostgresStore {
    public func scoredAttempts(of people: [String]?, at problemID: String?) throws -> [ScoredAttempt] {
        try read { session in
            try session.query(
                """
                SELECT attempt.person_id, attempt.problem_id, attempt.number, attempt.submitted_at,
                    attempt.late_seconds, grading.score
                FROM attempt LEFT JOIN grading ON grading.id = (
                    SELECT max(latest.id) FROM grading AS latest WHERE latest.attempt_id = attempt.id)
                WHERE (\(problemID)::text IS NULL OR attempt.problem_id = \(problemID))
                  AND (\(people)::text[] IS NULL OR attempt.person_id = ANY(\(people)))
                ORDER BY attempt.id
                """
            ).map { row in
                ScoredAttempt(
                    personID: try row.value("person_id"), problemID: try row.value("problem_id"),
                    number: try row.value("number"), submittedAt: try row.value("submitted_at"),
                    lateSeconds: try row.value("late_seconds"), score: try row.value("score"))
            }
        }
    }

    /// The checks as `AppDatabase` reads them, taken apart from each grading's JSON by PostgreSQL.
    public func latestChecks(problem problemID: String?, of people: [String]?) throws -> [LatestCheck] {
        try read { session in
            try session.query(
                """
                SELECT attempt.person_id, attempt.problem_id, attempt.number, grading.verdict,
                    c.value ->> 'name' AS name, (c.value ->> 'passed')::boolean AS passed,
                    c.value ->> 'message' AS message, (c.value ->> 'hidden')::boolean AS hidden
                FROM attempt
                JOIN grading ON grading.id = (
                    SELECT max(latest.id) FROM grading AS latest WHERE latest.attempt_id = attempt.id)
                LEFT JOIN LATERAL jsonb_array_elements(
                    CASE jsonb_typeof(grading.details::jsonb -> 'checks')
                    WHEN 'array' THEN grading.details::jsonb -> 'checks' ELSE '[]'::jsonb END
                ) WITH ORDINALITY AS c (value, ordinality) ON true
                WHERE attempt.response IS NULL AND (\(problemID)::text IS NULL OR attempt.problem_id = \(problemID))
                  AND attempt.number = (
                    SELECT max(latest.number) FROM attempt AS latest
                    WHERE latest.person_id = attempt.person_id AND latest.problem_id = attempt.problem_id)
                  AND (\(people)::text[] IS NULL OR attempt.person_id = ANY(\(people)))
                ORDER BY attempt.problem_id, attempt.person_id, c.ordinality
                """
            ).map { row in
                LatestCheck(
                    personID: try row.value("person_id"), problemID: try row.value("problem_id"),
                    attempt: try row.value("number"), verdict: try row.value("verdict"), name: try row.value("name"),
                    passed: try row.value("passed", as: Bool?.self) ?? false,
                    message: try row.value("message", as: String?.self) ?? "",
                    hidden: try row.value("hidden", as: Bool?.self) ?? false)
            }
        }
    }

    public func classVersion() throws -> ClassVersion {
        try read { session in
            let row = try session.query(
                """
                SELECT (SELECT coalesce(max(id), 0) FROM attempt) AS attempt,
                    (SELECT coalesce(max(id), 0) FROM grading) AS grading,
                    (SELECT count(*) || ':' || coalesce(
                        string_agg(person_id || '/' || set_id || '/' || until::text, ',' ORDER BY person_id, set_id), '')
                     FROM extension_grant) AS extensions
                """)[0]
            return ClassVersion(
                attempt: try row.value("attempt"), grading: try row.value("grading"),
                extensions: try row.value("extensions"))
        }
    }

    public func peopleChanged(since version: ClassVersion) throws -> Set<String> {
        try read { session in
            Set(
                try session.query(
                    """
                    SELECT person_id FROM attempt WHERE id > \(version.attempt)
                    UNION SELECT attempt.person_id FROM grading JOIN attempt ON attempt.id = grading.attempt_id
                    WHERE grading.id > \(version.grading)
                    """
                ).map { try $0.value("person_id", as: String.self) })
        }
    }

    public func latestAttempts(at problemID: String) throws -> [Attempt] {
        try read { session in
            try session.query(
                """
                SELECT * FROM attempt WHERE problem_id = \(problemID) AND number = (
                    SELECT max(latest.number) FROM attempt AS latest
                    WHERE latest.person_id = attempt.person_id AND latest.problem_id = attempt.problem_id)
                ORDER BY person_id
                """
            ).map { try $0.attempt() }
        }
    }
}
