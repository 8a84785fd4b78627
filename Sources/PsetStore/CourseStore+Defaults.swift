import Foundation

/// The shorter forms callers use, with the omitted arguments meaning what they meant on `AppDatabase`: everyone,
/// every problem, now, no worker named.
extension CourseStore {
    /// A person's attempts at every problem, oldest first.
    public func attempts(of personID: String) throws -> [GradedAttempt] {
        try attempts(of: personID, problem: nil)
    }

    /// Claims a job for a worker in this process, which has it as soon as it is claimed.
    public func claimJob(by worker: String, at date: Date, lease: TimeInterval) throws -> GradingJob? {
        try claimJob(by: worker, at: date, lease: lease, pickedUp: true)
    }

    /// Every extension granted, by student and set.
    public func extensions() throws -> [DueDateExtension] {
        try extensions(personID: nil, setID: nil)
    }

    /// Every recorded push to Canvas, oldest first.
    public func canvasPushes() throws -> [CanvasPushRecord] {
        try canvasPushes(of: nil)
    }

    /// The stored secret for drawing variants, or `candidate`, stored now.
    public func variantSecret(candidate: Data) throws -> Data {
        try variantSecret(candidate: candidate, at: Date())
    }

    /// Every attempt of these people (everyone when nil) with the score in force.
    public func scoredAttempts(of people: [String]?) throws -> [ScoredAttempt] {
        try scoredAttempts(of: people, at: nil)
    }

    /// Everyone's attempts at one problem (every problem when nil) with the score in force.
    public func scoredAttempts(at problemID: String?) throws -> [ScoredAttempt] {
        try scoredAttempts(of: nil, at: problemID)
    }

    /// The checks of everyone's latest submission to one coding task (every task when nil).
    public func latestChecks(problem problemID: String?) throws -> [LatestCheck] {
        try latestChecks(problem: problemID, of: nil)
    }

    /// The checks of these people's latest submissions to every coding task.
    public func latestChecks(of people: [String]?) throws -> [LatestCheck] {
        try latestChecks(problem: nil, of: people)
    }

    /// Queues the coding submissions never graded nor queued, now.
    @discardableResult
    public func queueUngradedSubmissions() throws -> Int {
        try queueUngradedSubmissions(at: Date())
    }
}
