import Foundation
import PostgresNIO
import PsetStore

extension PostgresStore {
    public func setTokenHash(_ hash: String, for personID: String, at date: Date) throws {
        try transaction { session in try Self.storeTokenHash(hash, for: personID, at: date, in: session) }
    }

    static func storeTokenHash(_ hash: String, for personID: String, at date: Date, in session: Session) throws {
        try session.execute(
            """
            INSERT INTO access_token (person_id, token_hash, created_at) VALUES (\(personID), \(hash), \(date))
            ON CONFLICT (person_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at
            """)
    }

    @discardableResult
    public func revokeToken(of personID: String) throws -> Bool {
        try transaction { session in
            try session.execute("DELETE FROM access_token WHERE person_id = \(personID)") > 0
        }
    }

    public func person(withTokenHash hash: String) throws -> Person? {
        try read { session in
            try session.query(
                """
                SELECT person.* FROM person JOIN access_token ON access_token.person_id = person.id
                WHERE access_token.token_hash = \(hash)
                """
            ).first?.person()
        }
    }

    public func hasToken(_ personID: String) throws -> Bool {
        try read { session in
            try session.value(
                "SELECT EXISTS (SELECT 1 FROM access_token WHERE person_id = \(personID))", as: Bool.self) ?? false
        }
    }

    /// The stored secret, or `candidate` stored now: the insert does nothing when another node stored one first.
    public func variantSecret(candidate: Data, at date: Date) throws -> Data {
        try transaction { session in
            try session.execute(
                """
                INSERT INTO course_secret (id, secret, created_at) VALUES (1, \(candidate), \(date))
                ON CONFLICT (id) DO NOTHING
                """)
            return try session.value("SELECT secret FROM course_secret WHERE id = 1", as: Data.self) ?? candidate
        }
    }

    public func openWebSession(_ session: WebSession) throws {
        try transaction { connection in
            try connection.execute("DELETE FROM web_session WHERE expires_at <= \(session.createdAt)")
            try connection.execute(
                """
                INSERT INTO web_session (id_hash, person_id, token_hash, csrf_token, created_at, expires_at)
                VALUES (\(session.idHash), \(session.personID), \(session.tokenHash), \(session.csrfToken),
                    \(session.createdAt), \(session.expiresAt))
                """)
        }
    }

    public func webSession(idHash: String, at date: Date) throws -> (session: WebSession, person: Person)? {
        try read { session in
            guard
                let row = try session.query(
                    """
                    SELECT web_session.*, person.id AS p_id, person.name, person.email, person.section, person.role,
                        person.sis_user_id, person.sis_login_id, person.lms_id, person.created_at AS p_created_at
                    FROM web_session
                    JOIN access_token ON access_token.person_id = web_session.person_id
                        AND access_token.token_hash = web_session.token_hash
                    JOIN person ON person.id = web_session.person_id
                    WHERE web_session.id_hash = \(idHash) AND web_session.expires_at > \(date)
                    """
                ).first
            else { return nil }
            let person = Person(
                id: try row.value("p_id"), name: try row.value("name"), email: try row.value("email"),
                section: try row.value("section"), role: Person.Role(rawValue: try row.value("role")) ?? .student,
                sisUserID: try row.value("sis_user_id"), sisLoginID: try row.value("sis_login_id"),
                lmsID: try row.value("lms_id"), createdAt: try row.value("p_created_at"))
            return (try row.webSession(), person)
        }
    }

    @discardableResult
    public func closeWebSession(idHash: String) throws -> Bool {
        try transaction { session in try session.execute("DELETE FROM web_session WHERE id_hash = \(idHash)") > 0 }
    }

    public func recordCanvasPushes(_ pushes: [CanvasPushRecord], at date: Date) throws {
        try transaction { session in
            for push in pushes {
                try session.execute(
                    """
                    INSERT INTO canvas_push (person_id, set_id, course, assignment, score, previous, progress_id, pushed_at)
                    VALUES (\(push.student), \(push.set), \(push.course), \(push.assignment), \(push.score),
                        \(push.previous), \(push.progressID), \(push.pushedAt ?? date))
                    """)
            }
        }
    }

    public func canvasPushes(of student: String?) throws -> [CanvasPushRecord] {
        try read { session in
            try session.query(
                """
                SELECT * FROM canvas_push WHERE \(student)::text IS NULL OR person_id = \(student)
                ORDER BY pushed_at, id
                """
            ).map { row in
                CanvasPushRecord(
                    student: try row.value("person_id"), set: try row.value("set_id"), course: try row.value("course"),
                    assignment: try row.value("assignment"), score: try row.value("score"),
                    previous: try row.value("previous"), progressID: try row.value("progress_id"),
                    pushedAt: try row.value("pushed_at"))
            }
        }
    }
}
