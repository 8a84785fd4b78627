import Foundation
import PsetModel

/// The course's database as the rest of Pset uses it: people, tokens, attempts and their files and gradings,
/// extensions, the variants' secret, web sessions, Canvas pushes, the class-wide reads and the grading queue.
///
/// SQLite (`AppDatabase`) and PostgreSQL (`PostgresStore`) implement it with the same meaning, which one suite of
/// tests checks on both. Every operation is synchronous, as GRDB's API that every caller was written against: a
/// call blocks its thread until the database answers, and each write is one transaction, all or nothing.
public protocol CourseStore: Sendable {
    /// Records the bank's sets and problems, so attempts can refer to them and exports can name them.
    func syncBank(_ bank: Bank) throws
    /// Adds the person if they are not known yet; returns whether they were added.
    @discardableResult func addPersonIfAbsent(_ person: Person) throws -> Bool
    /// Adds people or updates known ones, giving each added person their token hash; returns the ids it added.
    func savePeople(_ people: [(person: Person, newTokenHash: String)], at date: Date) throws -> Set<String>
    /// Records a new attempt, numbered after the person's previous ones, with its files, its queued job and its
    /// grading, in one transaction; throws `AttemptRefusal` past `maxAttempts`.
    func recordAttempt(
        personID: String, problemID: String, response: String?, variant: Variant?, files: [SourceFile],
        maxScore: Double, lateSeconds: Double, at date: Date, maxAttempts: Int?, enqueue: Bool, seed: String?,
        grade: (@Sendable (Int64) -> Grading)?
    ) throws -> GradedAttempt
    /// Records the result of grading an attempt; a later grading of the same attempt takes precedence.
    @discardableResult func recordGrading(_ grading: Grading) throws -> Grading
    /// Grants a student a later due date for a set, replacing any earlier grant.
    func grantExtension(personID: String, setID: String, until: Date, at date: Date) throws

    func person(_ id: String) throws -> Person?
    /// Everyone, by id.
    func people() throws -> [Person]
    /// A person's attempts, oldest first, each with the grading in force; optionally for one problem only.
    func attempts(of personID: String, problem problemID: String?) throws -> [GradedAttempt]
    /// Every attempt at a problem, by everyone, oldest first, with the grading in force.
    func attempts(at problemID: String) throws -> [GradedAttempt]
    /// One attempt by its id, with the grading in force.
    func attempt(id: Int64) throws -> GradedAttempt?
    /// A person's latest attempt at a problem, if they made one.
    func latestAttempt(of personID: String, problem problemID: String) throws -> Attempt?
    /// A stored coding submission with its files, in the order they were submitted, read at once.
    func submission(_ attemptID: Int64) throws -> StoredSubmission?
    /// The files of a coding submission, in the order they were submitted.
    func files(of attemptID: Int64) throws -> [SubmissionFile]
    /// Every grading an attempt has had, oldest first.
    func gradings(of attemptID: Int64) throws -> [Grading]
    /// The due date a TA granted this student for this set, if any.
    func extensionUntil(personID: String, setID: String) throws -> Date?
    /// The extensions granted, by student and set; optionally one student's or one set's only.
    func extensions(personID: String?, setID: String?) throws -> [DueDateExtension]
    /// Takes a student's extension for a set away; returns whether there was one.
    @discardableResult func revokeExtension(personID: String, setID: String) throws -> Bool

    /// Gives a person a new token hash, replacing the one they had, so the old token stops working.
    func setTokenHash(_ hash: String, for personID: String, at date: Date) throws
    /// Removes a person's token; returns whether they had one.
    @discardableResult func revokeToken(of personID: String) throws -> Bool
    /// The person whose token has this hash, if any.
    func person(withTokenHash hash: String) throws -> Person?
    /// Whether the person has a token, without revealing anything of it.
    func hasToken(_ personID: String) throws -> Bool

    /// The course's secret for drawing variants: the stored one, or `candidate`, stored now, when there is none.
    func variantSecret(candidate: Data, at date: Date) throws -> Data

    /// Stores a new session, and forgets the sessions that have expired.
    func openWebSession(_ session: WebSession) throws
    /// The live session with this id hash and its person: not expired, and opened with the person's current token.
    func webSession(idHash: String, at date: Date) throws -> (session: WebSession, person: Person)?
    /// Ends a session; returns whether there was one.
    @discardableResult func closeWebSession(idHash: String) throws -> Bool

    /// Records grades pushed to Canvas, all or none.
    func recordCanvasPushes(_ pushes: [CanvasPushRecord], at date: Date) throws
    /// Every recorded push, oldest first; only one student's when `student` is given.
    func canvasPushes(of student: String?) throws -> [CanvasPushRecord]

    /// The attempts of these people (everyone when nil), at one problem or all, with the score in force.
    func scoredAttempts(of people: [String]?, at problemID: String?) throws -> [ScoredAttempt]
    /// The checks of each student's latest submission to coding tasks, as graded now.
    func latestChecks(problem problemID: String?, of people: [String]?) throws -> [LatestCheck]
    /// Where the class's attempts, gradings and extensions stand.
    func classVersion() throws -> ClassVersion
    /// The people who made an attempt, or had one graded, after `version`.
    func peopleChanged(since version: ClassVersion) throws -> Set<String>
    /// Each student's latest attempt at a problem.
    func latestAttempts(at problemID: String) throws -> [Attempt]

    /// Queues every coding submission stored but never graded nor queued; returns how many it queued.
    @discardableResult func queueUngradedSubmissions(at date: Date) throws -> Int
    /// Claims the oldest queued job, or running job whose lease expired, for `worker` under a fresh lease of
    /// `lease` seconds; `nil` when there is none. A job handed over the network is claimed not `pickedUp`: until
    /// its worker first renews the lease, an expiry counts no failure (`GradingJob.pickedUp`).
    func claimJob(by worker: String, at date: Date, lease: TimeInterval, pickedUp: Bool) throws -> GradingJob?
    /// Extends a running job's lease for the holder of its current token; throws `QueueError.leaseLost` otherwise.
    func renewLease(_ lease: JobLease, at date: Date, for duration: TimeInterval) throws -> Date
    /// Records the job's grading and marks it done, only under its current lease (else `QueueError.leaseLost`,
    /// nothing recorded); sent again under the lease that finished it, returns the grading recorded.
    func finishJob(_ lease: JobLease, grading: Grading, at date: Date) throws -> Grading
    /// Gives a running job back to the queue with its claim, only under its current lease.
    func releaseJob(_ lease: JobLease) throws
    /// Counts an infrastructure failure and queues the job again, or at the last allowed failure records
    /// `errorGrading` and returns it; only under its current lease.
    @discardableResult func failJob(_ lease: JobLease, recording errorGrading: Grading, at date: Date) throws
        -> Grading?
    /// One grading job by its id.
    func job(_ id: Int64) throws -> GradingJob?
    /// The attempt a grading job grades.
    func attempt(ofJob jobID: Int64) throws -> Attempt?
    /// The queue's job for a coding attempt, if it went through the queue.
    func job(forAttempt attemptID: Int64) throws -> GradingJob?
    /// How many queued jobs are ahead of this one: 0 when it is next or no longer queued.
    func jobsAhead(of jobID: Int64) throws -> Int
    /// How many jobs are queued, running and done, and how many of those done could not be graded.
    func queueCounts() throws -> QueueCounts
    /// The jobs waiting, being graded, and those the grader could not grade, oldest first.
    func queuedJobs() throws -> [QueuedJob]

    /// Records a grading host's token hash under `name`; `false`, changing nothing, when the name has one.
    @discardableResult func addWorkerToken(named name: String, hash: String, at date: Date) throws -> Bool
    /// Every grading host's token, by name.
    func workerTokens() throws -> [WorkerToken]
    /// Removes a grading host's token; returns whether it had one.
    @discardableResult func revokeWorkerToken(named name: String) throws -> Bool
    /// The name of the grading host whose token has this hash, if any.
    func workerName(withTokenHash hash: String) throws -> String?
}

extension AppDatabase: CourseStore {}
