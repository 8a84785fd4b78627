import Foundation
import PostgresNIO
import PsetModel
import PsetStore

/// The store's records read from rows that carry their table's columns by name.
extension PostgresRandomAccessRow {
    func person() throws -> Person {
        Person(
            id: try value("id"), name: try value("name"), email: try value("email"), section: try value("section"),
            role: Person.Role(rawValue: try value("role")) ?? .student, sisUserID: try value("sis_user_id"),
            sisLoginID: try value("sis_login_id"), lmsID: try value("lms_id"), createdAt: try value("created_at"))
    }

    func attempt() throws -> Attempt {
        let variant: String? = try value("variant")
        return Attempt(
            id: try value("id", as: Int64.self), personID: try value("person_id"), problemID: try value("problem_id"),
            number: try value("number"), submittedAt: try value("submitted_at"), response: try value("response"),
            maxScore: try value("max_score"), lateSeconds: try value("late_seconds"),
            variant: try variant.map { try JSONDecoder().decode(Variant.self, from: Data($0.utf8)) })
    }

    func grading() throws -> Grading {
        var grading = Grading(
            attemptID: try value("attempt_id"), gradedAt: try value("graded_at"), score: try value("score"),
            verdict: try value("verdict"), details: try value("details"), seed: try value("seed"))
        grading.id = try value("id", as: Int64.self)
        return grading
    }

    func gradingJob() throws -> GradingJob {
        GradingJob(
            id: try value("id", as: Int64.self), attemptID: try value("attempt_id"),
            state: GradingJob.State(rawValue: try value("state")) ?? .queued, seed: try value("seed"),
            queuedAt: try value("queued_at"), startedAt: try value("started_at"),
            finishedAt: try value("finished_at"), gradingID: try value("grading_id"), claims: try value("claims"),
            worker: try value("worker"), leaseToken: try value("lease_token"),
            leaseExpiresAt: try value("lease_expires_at"), failures: try value("failures"),
            pickedUp: try value("picked_up"))
    }

    func webSession() throws -> WebSession {
        WebSession(
            idHash: try value("id_hash"), personID: try value("person_id"), tokenHash: try value("token_hash"),
            csrfToken: try value("csrf_token"), createdAt: try value("created_at"), expiresAt: try value("expires_at"))
    }
}

extension Variant {
    /// The JSON text stored in `attempt.variant`, keys sorted as GRDB writes them.
    func storedJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
