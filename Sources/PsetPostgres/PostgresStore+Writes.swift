import Foundation
import PostgresNIO
import PsetModel
import PsetStore

extension PostgresStore {
    public func syncBank(_ bank: Bank) throws {
        try transaction { session in
            for set in bank.sets {
                try session.execute(
                    """
                    INSERT INTO problem_set (id, title, due_at, weight, points, canvas_assignment_id)
                    VALUES (\(set.id), \(set.title), \(set.due), \(set.weight), \(set.points), \(set.canvasAssignmentID))
                    ON CONFLICT (id) DO UPDATE SET title = excluded.title, due_at = excluded.due_at,
                        weight = excluded.weight, points = excluded.points,
                        canvas_assignment_id = excluded.canvas_assignment_id
                    """)
                for problem in set.problems {
                    try session.execute(
                        """
                        INSERT INTO problem (id, set_id, title, kind, points)
                        VALUES (\(problem.id), \(set.id), \(problem.title), \(problem.kind.rawValue), \(problem.points))
                        ON CONFLICT (id) DO UPDATE SET set_id = excluded.set_id, title = excluded.title,
                            kind = excluded.kind, points = excluded.points
                        """)
                }
            }
        }
    }

    @discardableResult
    public func addPersonIfAbsent(_ person: Person) throws -> Bool {
        try transaction { session in
            try Self.insert(person, onConflict: "ON CONFLICT (id) DO NOTHING", in: session) == 1
        }
    }

    public func savePeople(_ people: [(person: Person, newTokenHash: String)], at date: Date) throws -> Set<String> {
        try transaction { session in
            var added = Set<String>()
            for (person, hash) in people {
                var person = person
                let known = try session.query("SELECT * FROM person WHERE id = \(person.id) FOR UPDATE").first?
                    .person()
                for field in [\Person.sisUserID, \.sisLoginID, \.lmsID] {
                    let given = person[keyPath: field]
                    person[keyPath: field] =
                        given == nil ? known?[keyPath: field] : given.flatMap { $0.isEmpty ? nil : $0 }
                }
                if let known {
                    try session.execute(
                        """
                        UPDATE person SET name = \(person.name), email = \(person.email), section = \(person.section),
                            role = \(person.role.rawValue), sis_user_id = \(person.sisUserID),
                            sis_login_id = \(person.sisLoginID), lms_id = \(person.lmsID)
                        WHERE id = \(known.id)
                        """)
                } else {
                    try Self.insert(person, onConflict: "", in: session)
                    try Self.storeTokenHash(hash, for: person.id, at: date, in: session)
                    added.insert(person.id)
                }
            }
            return added
        }
    }

    /// Records a new attempt as `AppDatabase` does, numbered under a per-person-and-problem lock.
    ///
    /// Two API nodes may record attempts by the same student at the same problem at once: the advisory lock makes
    /// the second wait until the first commits, so it sees that number and the attempt limit counts both. The
    /// unique (person, problem, number) constraint stays the last word.
    public func recordAttempt(
        personID: String, problemID: String, response: String?, variant: Variant?, files: [SourceFile],
        maxScore: Double, lateSeconds: Double, at date: Date, maxAttempts: Int?, enqueue: Bool, seed: String?,
        grade: (@Sendable (Int64) -> Grading)?
    ) throws -> GradedAttempt {
        try transaction { session in
            try session.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(\(personID + "\u{1F}" + problemID), 0))")
            let previous =
                try session.value(
                    "SELECT max(number) FROM attempt WHERE person_id = \(personID) AND problem_id = \(problemID)",
                    as: Int.self) ?? 0
            if let maxAttempts, previous >= maxAttempts { throw AttemptRefusal.limitReached(maxAttempts) }
            let variantJSON = try variant?.storedJSON()
            let row = try session.query(
                """
                INSERT INTO attempt (person_id, problem_id, number, submitted_at, response, max_score, late_seconds,
                    variant)
                VALUES (\(personID), \(problemID), \(previous + 1), \(date), \(response), \(maxScore),
                    \(lateSeconds), \(variantJSON))
                RETURNING *
                """)[0]
            let attempt = try row.attempt()
            let attemptID = attempt.id!
            for file in files {
                try session.execute(
                    """
                    INSERT INTO submission_file (attempt_id, name, contents)
                    VALUES (\(attemptID), \(file.name), \(file.contents))
                    """)
            }
            if enqueue {
                try session.execute(
                    """
                    INSERT INTO grading_job (attempt_id, state, seed, queued_at, claims)
                    VALUES (\(attemptID), 'queued', \(seed), \(date), 0)
                    """)
            }
            let grading = try grade.map { try Self.insert($0(attemptID), in: session) }
            return GradedAttempt(attempt: attempt, grading: grading)
        }
    }

    @discardableResult
    public func recordGrading(_ grading: Grading) throws -> Grading {
        try transaction { session in try Self.insert(grading, in: session) }
    }

    public func grantExtension(personID: String, setID: String, until: Date, at date: Date) throws {
        try transaction { session in
            try session.execute(
                """
                INSERT INTO extension_grant (person_id, set_id, until, granted_at)
                VALUES (\(personID), \(setID), \(until), \(date))
                ON CONFLICT (person_id, set_id) DO UPDATE SET until = excluded.until, granted_at = excluded.granted_at
                """)
        }
    }

    /// Inserts a person; `onConflict` is a fixed clause of this file, never input.
    @discardableResult
    static func insert(_ person: Person, onConflict: String, in session: Session) throws -> Int {
        try session.execute(
            """
            INSERT INTO person (id, name, email, section, role, sis_user_id, sis_login_id, lms_id, created_at)
            VALUES (\(person.id), \(person.name), \(person.email), \(person.section), \(person.role.rawValue),
                \(person.sisUserID), \(person.sisLoginID), \(person.lmsID), \(person.createdAt))
            \(unescaped: onConflict)
            """)
    }

    /// Inserts a grading and returns it with its id.
    static func insert(_ grading: Grading, in session: Session) throws -> Grading {
        var grading = grading
        grading.id = try session.value(
            """
            INSERT INTO grading (attempt_id, graded_at, score, verdict, details, seed)
            VALUES (\(grading.attemptID), \(grading.gradedAt), \(grading.score), \(grading.verdict),
                \(grading.details), \(grading.seed))
            RETURNING id
            """, as: Int64.self)
        return grading
    }
}
