import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import PsetCourse
import PsetModel
import PsetService
import PsetStore
import Testing

@Suite("The worker API: claims under leases, heartbeats, fenced results", .serialized, .timeLimit(.minutes(1)))
struct WorkerAPITests {
    let setup: TestCourse
    let server: PsetServer
    let worker: String
    let files = [SourceFile(name: "counter.c", contents: "pthread_mutex_t m;\n")]

    init() throws {
        setup = try TestCourse()
        server = PsetServer(course: setup.course, configuration: ServerConfiguration(port: 0, workers: 0))
        worker = try CourseAdmin(course: setup.course).addWorker(named: "grader1").token
    }

    var bank: String { testBank.gradingFingerprint }

    /// The routes alone: no in-process workers grade under the test's feet.
    func withRoutes(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await Application(router: server.router()).test(.router) { client in try await body(client) }
    }

    func claim(_ client: some TestClientProtocol, wait: Double = 0, token: String? = nil) async throws -> APIResponse {
        try await client.call(
            .post, "/v1/worker/claims?wait=\(wait)", token: token ?? worker,
            json: WorkerClaimRequest(bank: bank, slot: "host pid 1 #1"))
    }

    @Test("Only a worker token opens the worker routes; a student's or a TA's does not, nor a revoked one")
    func workerTokensOnly() async throws {
        try await withRoutes { client in
            #expect(try await claim(client, token: setup.alice).status == .unauthorized)
            #expect(try await claim(client, token: setup.ta).status == .unauthorized)
            #expect(try await client.call(.get, "/v1/me", token: worker).status == .unauthorized)
            #expect(try await claim(client).status == .noContent)
            let revoked = try await client.call(.delete, "/v1/admin/workers/grader1", token: setup.ta)
            #expect(
                try revoked.decode(WorkerTokenRevocation.self) == WorkerTokenRevocation(name: "grader1", revoked: true))
            let refused = try await claim(client)
            #expect(refused.status == .unauthorized)
            #expect(refused.errorMessage?.contains("not a worker token") == true)
        }
    }

    @Test("A TA issues, lists and revokes worker tokens over HTTP; a student may not")
    func adminRoutes() async throws {
        try await withRoutes { client in
            let added = try await client.call(.post, "/v1/admin/workers/grader-2", token: setup.ta)
            #expect(added.status == .created)
            let token = try added.decode(IssuedWorkerToken.self)
            #expect(token.name == "grader-2" && token.token.hasPrefix("pset_"))
            #expect(try await client.call(.post, "/v1/admin/workers/grader-2", token: setup.ta).status == .conflict)
            #expect(try await client.call(.post, "/v1/admin/workers/bad%20name", token: setup.ta).status == .badRequest)
            #expect(try await client.call(.post, "/v1/admin/workers/x", token: setup.alice).status == .forbidden)
            let listed = try await client.call(.get, "/v1/admin/workers", token: setup.ta).decode([WorkerToken].self)
            #expect(listed.map(\.name) == ["grader-2", "grader1"])
            #expect(try await claim(client, token: token.token).status == .noContent)
        }
    }

    @Test("A claim hands out the lease and what grading needs; a worker with another bank is refused")
    func claimCarriesTheTask() async throws {
        let attempt = try setup.course.recordSubmission(
            "week/counter", files: files, by: "alice", enqueue: true, seed: "s1-0123456789abcdef")
        try await withRoutes { client in
            let other = try await client.call(
                .post, "/v1/worker/claims?wait=0", token: worker,
                json: WorkerClaimRequest(bank: String(repeating: "0", count: 64), slot: "old"))
            #expect(other.status == .preconditionFailed)
            #expect(other.errorMessage?.contains("run the same pset version as the server") == true)
            let claimed = try await claim(client).decode(WorkerClaim.self)
            #expect(
                claimed.task
                    == GradingTask(
                        attempt: attempt.id!, problem: "week/counter", variant: nil, files: files,
                        seed: "s1-0123456789abcdef"))
            let job = try #require(try setup.course.database.job(forAttempt: attempt.id!))
            #expect(claimed.lease.job == job.id)
            #expect(job.state == .running && job.worker == "grader1 host pid 1 #1")
            #expect(try await claim(client).status == .noContent)
        }
    }

    @Test("A waiting claim wakes when this node queues a submission")
    func longPollWakesOnEnqueue() async throws {
        try await withRoutes { client in
            async let waited = claim(client, wait: 10)
            try await Task.sleep(for: .milliseconds(200))
            let submitted = try await client.call(
                .post, "/v1/problems/week%2Fcounter/submissions", token: setup.alice,
                json: SubmissionRequest(files: files))
            #expect(submitted.status == .accepted)
            let started = ContinuousClock.now
            let response = try await waited
            #expect(response.status == .ok)
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }

    @Test("Heartbeat, then result: recorded once, clamped to the problem's points; a stale lease records nothing")
    func resultsAreFenced() async throws {
        let attempt = try setup.course.recordSubmission("week/counter", files: files, by: "alice", enqueue: true)
        try await withRoutes { client in
            let first = try await claim(client).decode(WorkerClaim.self)
            let path = "/v1/worker/jobs/\(first.lease.job)"
            let renewed = try await client.call(
                .post, "\(path)/heartbeat", token: worker, json: WorkerLeaseRequest(lease: first.lease.token))
            #expect(renewed.status == .ok)
            // The first worker goes quiet; its lease runs out and another worker takes the job over.
            setup.clock.set(setup.clock.now + 31)
            let second = try await claim(client).decode(WorkerClaim.self)
            #expect(second.lease.job == first.lease.job && second.lease.token != first.lease.token)
            let stale = try await client.call(
                .post, "\(path)/result", token: worker,
                json: WorkerResultRequest(
                    lease: first.lease.token,
                    grading: Grading(attemptID: attempt.id!, gradedAt: Date(), score: 0, verdict: "failed")))
            #expect(stale.status == .conflict)
            #expect(stale.errorMessage?.contains("drop the job, nothing was recorded") == true)
            let stolen = try await client.call(
                .post, "\(path)/heartbeat", token: worker, json: WorkerLeaseRequest(lease: first.lease.token))
            #expect(stolen.status == .conflict)
            // Details the pages could not read are refused, and the lease still holds for a proper result.
            var garbled = WorkerResultRequest(
                lease: second.lease.token,
                grading: Grading(attemptID: attempt.id!, gradedAt: Date(), score: 1, verdict: "failed"))
            garbled.details = "this is not json"
            let refused = try await client.call(.post, "\(path)/result", token: worker, json: garbled)
            #expect(refused.status == .badRequest)
            #expect(refused.errorMessage?.contains("'details'") == true)
            let recorded = try await client.call(
                .post, "\(path)/result", token: worker,
                json: WorkerResultRequest(
                    lease: second.lease.token,
                    grading: Grading(attemptID: 999, gradedAt: Date(), score: 1e9, verdict: "passed")))
            #expect(
                try recorded.decode(WorkerJobOutcome.self) == WorkerJobOutcome(job: first.lease.job, state: .recorded))
        }
        let gradings = try setup.course.database.gradings(of: attempt.id!)
        #expect(gradings.map(\.score) == [10] && gradings.map(\.verdict) == ["passed"])
        #expect(gradings.first?.gradedAt == setup.clock.now)
    }

    @Test("A worker's result cannot unhide a hidden test: the server's bank decides what students see")
    func hiddenTestsStayHidden() async throws {
        let attempt = try setup.course.recordSubmission("week/counter", files: files, by: "alice", enqueue: true)
        try await withRoutes { client in
            let claimed = try await claim(client).decode(WorkerClaim.self)
            var result = WorkerResultRequest(
                lease: claimed.lease.token,
                grading: Grading(attemptID: attempt.id!, gradedAt: Date(), score: 5, verdict: "failed"))
            let checks = StoredChecks(checks: [
                CheckOutcome(name: "visible", passed: true, message: "ok"),
                CheckOutcome(name: "hidden", passed: false, message: "the hidden test's input is 42", hidden: false),
            ])
            result.details = String(decoding: try JSONEncoder().encode(checks), as: UTF8.self)
            let recorded = try await client.call(
                .post, "/v1/worker/jobs/\(claimed.lease.job)/result", token: worker, json: result)
            #expect(recorded.status == .ok)
        }
        let stored = try #require(try setup.course.database.gradings(of: attempt.id!).first?.details)
        #expect(
            try JSONDecoder().decode(StoredChecks.self, from: Data(stored.utf8)).checks.map(\.hidden) == [false, true])
        let shown = try setup.course.feedback("week/counter", for: "alice")
        #expect(shown.submission?.checks.map(\.message) == ["ok", "failed (hidden test: details once revealed)"])
    }

    @Test("A grader's failure puts the job back; the third is recorded as an error with its reason")
    func failuresAreRetriedThenRecorded() async throws {
        let attempt = try setup.course.recordSubmission("week/counter", files: files, by: "alice", enqueue: true)
        try await withRoutes { client in
            for round in 1...GradingJob.maxFailures {
                let claimed = try await claim(client).decode(WorkerClaim.self)
                let response = try await client.call(
                    .post, "/v1/worker/jobs/\(claimed.lease.job)/failure", token: worker,
                    json: WorkerFailureRequest(lease: claimed.lease.token, reason: "gcc: not found"))
                let state: WorkerJobOutcome.State = round < GradingJob.maxFailures ? .queued : .recorded
                #expect(try response.decode(WorkerJobOutcome.self).state == state)
            }
            #expect(try await claim(client).status == .noContent)
        }
        let grading = try #require(try setup.course.database.attempt(id: attempt.id!)?.grading)
        #expect(grading.verdict == "error" && grading.details?.contains("last: gcc: not found") == true)
    }

    @Test("A released job goes back to the queue for the next claim")
    func release() async throws {
        _ = try setup.course.recordSubmission("week/counter", files: files, by: "alice", enqueue: true)
        try await withRoutes { client in
            let claimed = try await claim(client).decode(WorkerClaim.self)
            let released = try await client.call(
                .post, "/v1/worker/jobs/\(claimed.lease.job)/release", token: worker,
                json: WorkerLeaseRequest(lease: claimed.lease.token))
            #expect(try released.decode(WorkerJobOutcome.self).state == .queued)
            #expect(try await claim(client).status == .ok)
        }
    }

    @Test("A waiting status request sees a grading another node recorded, within about a second")
    func statusSeesOtherNodesGradings() async throws {
        let attempt = try setup.course.recordSubmission("week/counter", files: files, by: "alice", enqueue: true)
        let now = setup.clock.now
        try await withRoutes { client in
            async let waited = client.call(.get, "/v1/submissions/\(attempt.id!)?wait=10", token: setup.alice)
            try await Task.sleep(for: .milliseconds(200))
            // Another node's worker: straight through the database, so this node's events never hear of it.
            let lease = try #require(try setup.course.database.claimJob(by: "node2", at: now, lease: 30)?.lease)
            _ = try setup.course.database.finishJob(
                lease, grading: Grading(attemptID: attempt.id!, gradedAt: now, score: 10, verdict: "passed"), at: now)
            let finished = ContinuousClock.now
            let response = try await waited
            #expect(try response.decode(SubmissionStatus.self).state == .done)
            #expect(ContinuousClock.now - finished < .seconds(3))
        }
    }

    @Test("A stopping worker ends its waiting claims: they answer 204 at once, and a job queued after is left queued")
    func cancelledClaimsEnd() async throws {
        try await withRoutes { client in
            let started = ContinuousClock.now
            async let waited = claim(client, wait: 15)
            try await Task.sleep(for: .milliseconds(200))
            let other = try await client.call(
                .post, "/v1/worker/claims/cancel", token: worker, json: WorkerClaimCancellation(slots: ["other #9"]))
            #expect(try other.decode(WorkerClaimCancellation.Ended.self).ended == 0)
            let cancelled = try await client.call(
                .post, "/v1/worker/claims/cancel", token: worker,
                json: WorkerClaimCancellation(slots: ["host pid 1 #1"]))
            #expect(try cancelled.decode(WorkerClaimCancellation.Ended.self).ended == 1)
            #expect(try await waited.status == .noContent)
            #expect(ContinuousClock.now - started < .seconds(5))
            _ = try setup.course.recordSubmission("week/counter", files: files, by: "alice", enqueue: true)
            #expect(try setup.course.database.queueCounts().queued == 1)
            // The cancellation ended those claims only: the next claim of the same slot gets the job.
            #expect(try await claim(client).status == .ok)
        }
    }

    @Test(
        "A claim whose worker hung up never picks its job up: the job comes back after one heartbeat, no failure counted"
    )
    func hungUpClaimsCountNoFailure() async throws {
        let server = PsetServer(
            course: setup.course,
            configuration: ServerConfiguration(port: 0, workers: 0, lease: .seconds(2), heartbeat: .milliseconds(500)))
        // The server is live: a client that gives up closes a real connection, as a proxy's timeout would.
        try await withLiveServer(server) { port in
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            func claim(wait: Int, timeout: TimeAmount) async throws -> HTTPClientResponse {
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/worker/claims?wait=\(wait)")
                request.method = .POST
                request.headers.add(name: "Authorization", value: "Bearer \(worker)")
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(try JSONEncoder().encode(WorkerClaimRequest(bank: bank, slot: "host #1")))
                return try await client.execute(request, timeout: timeout)
            }
            await #expect(throws: (any Error).self) { _ = try await claim(wait: 15, timeout: .milliseconds(300)) }
            try await Task.sleep(for: .milliseconds(200))
            let attempt = try setup.course.recordSubmission("week/counter", files: files, by: "alice", enqueue: true)
            // The vanished claim takes the job, and nobody picks it up within the heartbeat.
            try await Task.sleep(for: .milliseconds(300))
            let handed = try #require(try setup.course.database.job(forAttempt: attempt.id!))
            #expect(handed.state == .running && !handed.pickedUp)
            #expect(handed.lease?.expiresAt == setup.course.now + 0.5, "a lease of one heartbeat")
            // Once that lease has run out (the test course's clock stands still, so the store is asked for later),
            // the job is claimed again with no failure counted.
            let later = setup.course.now + 1
            let again = try #require(try setup.course.database.claimJob(by: "host #2", at: later, lease: 2))
            #expect(again.id == handed.id && again.claims == 2 && again.failures == 0, "\(again)")
            try await client.shutdown()
        }
    }

    @Test("A claim waiting when its worker token is revoked is refused, and the job it would have got stays queued")
    func revokedWhileWaiting() async throws {
        try await withRoutes { client in
            async let waited = claim(client, wait: 10)
            try await Task.sleep(for: .milliseconds(200))
            _ = try CourseAdmin(course: setup.course).revokeWorker(named: "grader1")
            let attempt = try setup.course.recordSubmission("week/counter", files: files, by: "alice", enqueue: true)
            let response = try await waited
            #expect(response.status == .unauthorized)
            let job = try #require(try setup.course.database.job(forAttempt: attempt.id!))
            #expect(job.state == .queued && job.failures == 0, "\(job)")
        }
    }
}

/// The checks of a grading's stored details, as a worker sends them.
private struct StoredChecks: Codable {
    var checks: [CheckOutcome]
}
