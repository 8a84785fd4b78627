import Foundation
import Hummingbird
import PsetCourse
import PsetModel
import PsetStore
import ServiceLifecycle

/// The routes behind the student commands: problems, show, start, answer, submit, grades.
struct StudentController {
    let course: Course
    let limits: ServiceLimits
    let events: QueueEvents

    func addRoutes(to group: RouterGroup<ServiceContext>) {
        group.get("me", use: me)
        group.get("problems", use: problems)
        group.get("problems/{id}", use: show)
        group.get("problems/{id}/starter", use: starter)
        group.post("problems/{id}/answers", use: answer)
        group.post("problems/{id}/submissions", use: submit)
        group.get("submissions/{submission}", use: submission)
        group.get("grades", use: grades)
        group.get("history", use: history)
        group.get("problems/{id}/attempts/{attempt}", use: feedback)
        group.post("problems/{id}/tests", use: test)
    }

    @Sendable func me(_ request: Request, context: ServiceContext) async throws -> Response {
        let person = try context.caller()
        return try context.json(Identity(id: person.id, name: person.name, role: person.role))
    }

    @Sendable func problems(_ request: Request, context: ServiceContext) async throws -> Response {
        try context.json(try course.problems(for: try subject(request, context)))
    }

    @Sendable func show(_ request: Request, context: ServiceContext) async throws -> Response {
        try context.json(try course.show(try context.pathValue("id"), for: try subject(request, context)))
    }

    @Sendable func starter(_ request: Request, context: ServiceContext) async throws -> Response {
        try context.json(try course.starterFiles(try context.pathValue("id")))
    }

    @Sendable func answer(_ request: Request, context: ServiceContext) async throws -> Response {
        let person = try context.caller()
        let id = try context.pathValue("id")
        let body = try await request.decodeJSON(AnswerRequest.self, limits: limits)
        return try context.json(try course.answer(id, body.values, by: person.id), status: .created)
    }

    /// Stores the submission and queues it, both before answering, then answers 202 with its place in the queue.
    @Sendable func submit(_ request: Request, context: ServiceContext) async throws -> Response {
        let person = try context.caller()
        let id = try context.pathValue("id")
        let body = try await submission(request)
        let attempt = try course.recordSubmission(id, files: body.files, by: person.id, enqueue: true, seed: body.seed)
        await events.didEnqueue()
        return try context.json(try await status(of: attempt.id!, for: person), status: .accepted)
    }

    /// A submission's status; with `?wait=S` (at most 30), waits up to S seconds for it to change first.
    @Sendable func submission(_ request: Request, context: ServiceContext) async throws -> Response {
        let person = try context.caller()
        guard let attemptID = Int64(try context.pathValue("submission")) else {
            throw HTTPError(.badRequest, message: "a submission id is a number")
        }
        let wait = min(30, max(0, request.uri.queryParameters.get("wait", as: Double.self) ?? 0))
        let first = try await status(of: attemptID, for: person)
        guard wait > 0, first.state != .done else { return try context.json(first) }
        let deadline = ContinuousClock.now + .milliseconds(Int(wait * 1000))
        var seen = await events.version
        var lastLook = ContinuousClock.now
        // A stopping server answers at once rather than holding its shutdown for the rest of the wait.
        while ContinuousClock.now < deadline && !Task.isShuttingDownGracefully {
            try await Task.sleep(for: .milliseconds(50))
            let version = await events.version
            // Another node's workers change the queue without this node's events: look every second too.
            guard version != seen || ContinuousClock.now - lastLook >= .seconds(1) else { continue }
            (seen, lastLook) = (version, ContinuousClock.now)
            let current = try await status(of: attemptID, for: person)
            if current != first { return try context.json(current) }
        }
        return try context.json(try await status(of: attemptID, for: person))
    }

    @Sendable func grades(_ request: Request, context: ServiceContext) async throws -> Response {
        try context.json(try course.grades(for: try subject(request, context)))
    }

    /// The caller's attempts (a TA's `?student=ID`: anyone's), oldest first; `?problem=ID` for one problem.
    @Sendable func history(_ request: Request, context: ServiceContext) async throws -> Response {
        let problem = request.uri.queryParameters.get("problem")
        return try context.json(try course.history(for: try subject(request, context), problem: problem))
    }

    /// One attempt's stored result and files: `attempts/N`, or `attempts/latest`.
    @Sendable func feedback(_ request: Request, context: ServiceContext) async throws -> Response {
        let id = try context.pathValue("id")
        let text = try context.pathValue("attempt")
        guard text == "latest" || Int(text) != nil else {
            throw HTTPError(.badRequest, message: "an attempt is a number or `latest`, not '\(text)'")
        }
        return try context.json(try course.feedback(id, attempt: Int(text), for: try subject(request, context)))
    }

    /// Runs a coding task's public tests on the files, recording nothing: no attempt, no grading, no queue.
    @Sendable func test(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try context.caller()
        let id = try context.pathValue("id")
        let body = try await submission(request)
        return try context.json(try await course.practice(id, files: body.files, seed: body.seed))
    }

    /// A submission's body, refused when it carries more files than a submission may.
    func submission(_ request: Request) async throws -> SubmissionRequest {
        let body = try await request.decodeJSON(SubmissionRequest.self, limits: limits)
        guard body.files.count <= limits.maxFiles else {
            throw HTTPError(
                .contentTooLarge,
                message: "a submission carries at most \(limits.maxFiles) files, not \(body.files.count)")
        }
        return body
    }

    /// Whose data the request is about; a TA naming someone unknown gets a 404 rather than an empty record.
    func subject(_ request: Request, _ context: ServiceContext) throws -> String {
        let id = try context.subject(request)
        guard try id == context.person?.id || course.database.person(id) != nil else {
            throw AdminError.unknownPerson(id)
        }
        return id
    }

    /// Where a submission stands; someone else's is "not found" to a student, so ids reveal nothing.
    ///
    /// The job is read before the attempt: a job is marked done in the transaction that records its grading, so
    /// the attempt read after a done job has that grading (read the other way round, a grading recorded between
    /// the two reads would be missing from a result shown as done).
    func status(of attemptID: Int64, for person: Person) async throws -> SubmissionStatus {
        let job = try course.database.job(forAttempt: attemptID)
        guard let graded = try course.database.attempt(id: attemptID), graded.attempt.response == nil,
            person.role == .ta || graded.attempt.personID == person.id
        else { throw HTTPError(.notFound, message: "no submission \(attemptID) of yours") }
        let state = job?.state ?? (graded.grading == nil ? .queued : .done)
        return SubmissionStatus(
            submission: attemptID, id: graded.attempt.problemID, attempt: graded.attempt.number, state: state,
            ahead: state == .queued ? try job.map { try course.database.jobsAhead(of: $0.id!) } ?? 0 : 0,
            progress: state == .running ? await events.progress(of: attemptID) : nil,
            result: state == .done ? try course.submitResult(graded) : nil)
    }
}
