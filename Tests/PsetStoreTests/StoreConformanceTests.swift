import Foundation
import GRDB
import PsetModel
import PsetPostgres
import PsetTestDatabases
import Testing

@testable import PsetStore

/// Every operation of `CourseStore`, with the same expectations on SQLite and on PostgreSQL.
///
/// The PostgreSQL cases need `PSET_TEST_POSTGRES_URL` (`.ci/with-postgres`); each gets a database of its own.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct StoreConformanceTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let bank = Bank(sets: [
        ProblemSet("demo") {
            Title("Demo")
            CanvasAssignment("77")
            TrueFalse("demo/tf") {
                Title("T")
                Topics(.signals)
                Points(2)
                Prompt("?")
                Answer(true)
                Explanation("!")
            }
            CodingProblem("demo/code") {
                Title("C")
                Topics(.mutexes)
                Points(10)
                Prompt("Count.")
                Starter("counter.c", "int counter;\n")
                Reference("counter.c", "int counter;\n")
                Concurrency(.threads)
                Allows(.threads, .locks)
                TestCase("visible", points: 10)
            }
        }
    ])

    /// Runs `body` on a new store of `backend` with the bank synced and Ada and Bob added.
    func withCourse(_ backend: StoreBackend, _ body: (any CourseStore) async throws -> Void) async throws {
        try await TestDatabases.withStore(backend) { store in
            try store.syncBank(Self.bank)
            try store.syncBank(Self.bank)
            try store.addPersonIfAbsent(Person(id: "ada", name: "Ada", createdAt: Self.start))
            try store.addPersonIfAbsent(Person(id: "bob", name: "Bob", createdAt: Self.start))
            try await body(store)
        }
    }

    @discardableResult
    func answer(
        _ store: any CourseStore, by person: String = "ada", at date: Date = start, score: Double? = 2,
        maxAttempts: Int? = nil
    ) throws -> GradedAttempt {
        var grade: (@Sendable (Int64) -> Grading)?
        if let score { grade = { Grading(attemptID: $0, gradedAt: date, score: score, verdict: "correct") } }
        return try store.recordAttempt(
            personID: person, problemID: "demo/tf", response: "true", variant: nil, files: [], maxScore: 2,
            lateSeconds: 0, at: date, maxAttempts: maxAttempts, enqueue: false, seed: nil, grade: grade)
    }

    @discardableResult
    func submit(
        _ store: any CourseStore, by person: String = "ada", at date: Date = start, files: [SourceFile]? = nil
    ) throws -> Attempt {
        try store.recordAttempt(
            personID: person, problemID: "demo/code", response: nil, variant: nil,
            files: files ?? [SourceFile(name: "counter.c", contents: "int counter;\n")], maxScore: 10,
            lateSeconds: 0, at: date, maxAttempts: nil, enqueue: true, seed: "seed-1", grade: nil
        ).attempt
    }

    /// Runs a statement behind the store's back, as someone at a SQL prompt could.
    func executeBehindTheStore(_ sql: String, on store: any CourseStore) async throws {
        if let database = store as? AppDatabase {
            try await database.writer.write { db in try db.execute(sql: sql) }
        } else if let store = store as? PostgresStore {
            try await TestDatabases.execute(sql, on: store.address)
        }
    }

    /// Says, among the results, when the PostgreSQL cases were left out; fails under CI without a server.
    @Test(.enabled(if: TestDatabases.postgresCasesRun, TestDatabases.skipReason))
    func thePostgreSQLCasesRun() {
        #expect(
            TestDatabases.serverURL != nil, "CI is set but PSET_TEST_POSTGRES_URL is not: run under .ci/with-postgres")
    }

    // MARK: People and tokens

    @Test(arguments: StoreBackend.available)
    func peopleAreAddedOnceAndUpdatedKeepingWhatTheRosterLeavesOut(backend: StoreBackend) async throws {
        try await withCourse(backend) { (store: any CourseStore) async throws in
            #expect(try store.addPersonIfAbsent(Person(id: "ada", name: "Someone else")) == false)
            #expect(try store.person("ada")?.name == "Ada")
            #expect(try store.person("nobody") == nil)
            let hash = String(repeating: "c", count: 64)
            let added = try store.savePeople(
                [
                    (Person(id: "cy", name: "Cy", sisUserID: "S3", lmsID: "303", createdAt: Self.start), hash),
                    (
                        Person(id: "ada", name: "Ada L", section: "B", sisUserID: "S1"),
                        String(repeating: "a", count: 64)
                    ),
                ], at: Self.start)
            #expect(added == ["cy"])
            #expect(try store.people().map(\.id) == ["ada", "bob", "cy"])
            let ada = try #require(try store.person("ada"))
            #expect(ada.name == "Ada L" && ada.section == "B" && ada.sisUserID == "S1" && ada.createdAt == Self.start)
            #expect(try store.hasToken("cy") && !store.hasToken("ada"), "only people added get a token")
            _ = try store.savePeople(
                [(Person(id: "cy", name: "Cy", lmsID: ""), String(repeating: "d", count: 64))], at: Self.start)
            let cy = try #require(try store.person("cy"))
            #expect(cy.sisUserID == "S3" && cy.lmsID == nil, "nil keeps a stored id, the empty string clears it")
            #expect(try store.person(withTokenHash: hash)?.id == "cy", "a known person keeps their token")
        }
    }

    @Test(arguments: StoreBackend.available)
    func aRosterWithOneBadPersonIsNotImportedAtAll(backend: StoreBackend) async throws {
        try await withCourse(backend) { (store: any CourseStore) async throws in
            #expect(throws: (any Error).self) {
                try store.savePeople(
                    [
                        (Person(id: "cy", name: "Cy"), String(repeating: "c", count: 64)),
                        (Person(id: "", name: "No id"), String(repeating: "d", count: 64)),
                    ], at: Self.start)
            }
            #expect(try store.person("cy") == nil)
        }
    }

    @Test(arguments: StoreBackend.available)
    func aRotatedTokenStopsWorkingAndARevokedOneIsGone(backend: StoreBackend) async throws {
        try await withCourse(backend) { (store: any CourseStore) async throws in
            let first = String(repeating: "1", count: 64)
            let second = String(repeating: "2", count: 64)
            try store.setTokenHash(first, for: "ada", at: Self.start)
            #expect(try store.person(withTokenHash: first)?.id == "ada")
            try store.setTokenHash(second, for: "ada", at: Self.start)
            #expect(try store.person(withTokenHash: first) == nil)
            #expect(try store.person(withTokenHash: second)?.id == "ada")
            #expect(try store.revokeToken(of: "ada"))
            #expect(try !store.revokeToken(of: "ada"))
            #expect(try !store.hasToken("ada"))
            #expect(try store.person(withTokenHash: second) == nil)
        }
    }

    @Test(arguments: StoreBackend.available)
    func webSessionsLiveUntilTheyExpireOrTheirTokenChanges(backend: StoreBackend) async throws {
        try await withCourse(backend) { (store: any CourseStore) async throws in
            let token = String(repeating: "t", count: 64)
            try store.setTokenHash(token, for: "ada", at: Self.start)
            func session(_ id: Character, from date: Date) -> WebSession {
                WebSession(
                    idHash: String(repeating: id, count: 64), personID: "ada", tokenHash: token,
                    csrfToken: String(repeating: "x", count: 32), createdAt: date,
                    expiresAt: date.addingTimeInterval(3600))
            }
            try store.openWebSession(session("a", from: Self.start))
            let live = try #require(try store.webSession(idHash: String(repeating: "a", count: 64), at: Self.start))
            #expect(live.session == session("a", from: Self.start) && live.person.id == "ada")
            #expect(try store.webSession(idHash: String(repeating: "a", count: 64), at: Self.start + 3600) == nil)
            try store.openWebSession(session("b", from: Self.start + 7200))
            #expect(try !store.closeWebSession(idHash: String(repeating: "a", count: 64)), "expired ones are gone")
            try store.setTokenHash(String(repeating: "u", count: 64), for: "ada", at: Self.start)
            #expect(try store.webSession(idHash: String(repeating: "b", count: 64), at: Self.start + 7200) == nil)
            #expect(try store.closeWebSession(idHash: String(repeating: "b", count: 64)))
        }
    }

    // MARK: Attempts, files and gradings

    @Test(arguments: StoreBackend.available)
    func attemptsAreNumberedPerPersonAndProblemUpToTheLimit(backend: StoreBackend) async throws {
        try await withCourse(backend) { (store: any CourseStore) async throws in
            #expect(try answer(store, maxAttempts: 2).attempt.number == 1)
            #expect(try answer(store, maxAttempts: 2).attempt.number == 2)
            #expect(try answer(store, by: "bob").attempt.number == 1)
            #expect(throws: AttemptRefusal.limitReached(2)) { try answer(store, maxAttempts: 2) }
            #expect(try store.attempts(of: "ada").map(\.attempt.number) == [1, 2])
            #expect(try store.attempts(of: "ada", problem: "demo/code").isEmpty)
            #expect(try store.attempts(at: "demo/tf").map(\.attempt.personID) == ["ada", "ada", "bob"])
        }
    }

    @Test(arguments: StoreBackend.available)
    func anAttemptIsKeptAsMadeWithItsVariantFilesAndGradings(backend: StoreBackend) async throws {
        try await withCourse(backend) { (store: any CourseStore) async throws in
            let variant = Variant(parameters: ["n": .int(3), "mode": .text("readers")], choiceOrder: ["b", "a"])
            let made = try store.recordAttempt(
                personID: "ada", problemID: "demo/tf", response: "true", variant: variant, files: [], maxScore: 2,
                lateSeconds: 90.5, at: Self.start, maxAttempts: nil, enqueue: false, seed: nil, grade: nil)
            #expect(made.grading == nil)
            let id = try #require(made.attempt.id)
            #expect(try store.attempt(id: id) == made)
            #expect(try store.attempt(id: id + 1000) == nil)
            let first = try store.recordGrading(
                Grading(attemptID: id, gradedAt: Self.start, score: 2, verdict: "correct", details: "{}", seed: "s"))
            let second = try store.recordGrading(
                Grading(attemptID: id, gradedAt: Self.start, score: 1, verdict: "partial"))
            #expect(try store.gradings(of: id) == [first, second])
            #expect(try store.attempt(id: id)?.grading == second, "the newest grading is in force")
            #expect(try store.attempts(of: "ada").first?.attempt.variant == variant)
            let files = [
                SourceFile(name: "z.c", contents: "int z;\n"), SourceFile(name: "a.c", contents: "int a;\n"),
            ]
            let submission = try submit(store, files: files)
            #expect(try store.files(of: submission.id!).map(\.name) == ["z.c", "a.c"], "in the order submitted")
            for sql in [
                "UPDATE attempt SET response = 'false'", "DELETE FROM grading", "DELETE FROM submission_file",
                "DELETE FROM attempt",
            ] {
                await #expect(throws: (any Error).self, "\(sql)") { try await executeBehindTheStore(sql, on: store) }
            }
            #expect(try store.attempt(id: id)?.attempt == made.attempt)
            #expect(try store.gradings(of: id).count == 2)
        }
    }

    @Test(arguments: StoreBackend.available)
    func theLatestAttemptASubmissionWithItsFilesAndAJobsAttemptAreReadAtOnce(backend: StoreBackend) async throws {
        try await withCourse(backend) { (store: any CourseStore) async throws in
            #expect(try store.latestAttempt(of: "ada", problem: "demo/tf") == nil)
            try answer(store)
            let second = try answer(store, at: Self.start + 60)
            try answer(store, by: "bob", at: Self.start + 120)
            #expect(try store.latestAttempt(of: "ada", problem: "demo/tf") == second.attempt)
            #expect(try store.latestAttempt(of: "ada", problem: "demo/code") == nil)

            let files = [SourceFile(name: "z.c", contents: "int z;\n"), SourceFile(name: "a.c", contents: "int a;\n")]
            let made = try submit(store, files: files)
            let read = try #require(try store.submission(made.id!))
            #expect(read.attempt == made)
            #expect(read.files.map(\.name) == ["z.c", "a.c"], "in the order submitted")
            #expect(read.files.map(\.contents) == files.map(\.contents))
            #expect(try store.submission(second.attempt.id!)?.files == [], "an answer has no files")
            #expect(try store.submission(made.id! + 1000) == nil)

            let job = try #require(try store.job(forAttempt: made.id!))
            #expect(try store.attempt(ofJob: job.id!) == made)
            #expect(try store.attempt(ofJob: job.id! + 1000) == nil)
        }
    }

    @Test(arguments: StoreBackend.available)
    func anAttemptByNobodyOrAtNoProblemIsRefused(backend: StoreBackend) async throws {
        try await withCourse(backend) { (store: any CourseStore) async throws in
            #expect(throws: (any Error).self) { try answer(store, by: "nobody") }
            #expect(try store.attempts(at: "demo/tf").isEmpty)
        }
    }

    @Test(arguments: StoreBackend.available)
    func attemptsMadeAtOnceGetDistinctNumbers(backend: StoreBackend) async throws {
        try await withCourse(backend) { (store: any CourseStore) async throws in
            let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<12 {
                    group.addTask { try answer(store).attempt.number }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(numbers.sorted() == Array(1...12))
        }
    }

    // MARK: Extensions, the variants' secret, Canvas pushes

    @Test(arguments: StoreBackend.available)
    func anExtensionReplacesTheLastAndCanBeRevoked(backend: StoreBackend) async throws {
        try await withCourse(backend) { (store: any CourseStore) async throws in
            let before = try store.classVersion()
            try store.grantExtension(personID: "ada", setID: "demo", until: Self.start + 86_400, at: Self.start)
            try store.grantExtension(personID: "ada", setID: "demo", until: Self.start + 172_800, at: Self.start + 1)
            try store.grantExtension(personID: "bob", setID: "demo", until: Self.start + 3600, at: Self.start)
            #expect(try store.extensionUntil(personID: "ada", setID: "demo") == Self.start + 172_800)
            #expect(try store.extensions().map(\.personID) == ["ada", "bob"])
            #expect(
                try store.extensions(personID: "bob", setID: nil)
                    == [
                        DueDateExtension(
                            personID: "bob", setID: "demo", until: Self.start + 3600, grantedAt: Self.start)
                    ])
            #expect(try store.extensions(personID: nil, setID: "other").isEmpty)
            let granted = try store.classVersion()
            #expect(granted != before, "granting moves the class's version")
            #expect(try store.revokeExtension(personID: "bob", setID: "demo"))
            #expect(try !store.revokeExtension(personID: "bob", setID: "demo"))
            #expect(try store.extensionUntil(personID: "bob", setID: "demo") == nil)
            #expect(try store.classVersion() != granted, "revoking moves it too")
        }
    }

    @Test(arguments: StoreBackend.available)
    func theCourseSecretIsWrittenOnce(backend: StoreBackend) async throws {
        try await withCourse(backend) { (store: any CourseStore) async throws in
            let first = Data(repeating: 1, count: 32)
            #expect(try store.variantSecret(candidate: first, at: Self.start) == first)
            #expect(try store.variantSecret(candidate: Data(repeating: 2, count: 32)) == first)
            await #expect(throws: (any Error).self) {
                try await executeBehindTheStore("DELETE FROM course_secret", on: store)
            }
        }
    }

    @Test(arguments: StoreBackend.available)
    func canvasPushesAreRecordedAllOrNoneAndListedOldestFirst(backend: StoreBackend) async throws {
        try await withCourse(backend) { (store: any CourseStore) async throws in
            let later = CanvasPushRecord(
                student: "ada", set: "demo", course: "9", assignment: "77", score: 2, previous: nil, progressID: 5,
                pushedAt: Self.start + 60)
            let earlier = CanvasPushRecord(
                student: "bob", set: "demo", course: "9", assignment: "77", score: 1.5, previous: 1, progressID: 4)
            try store.recordCanvasPushes([later, earlier], at: Self.start)
            var stamped = earlier
            stamped.pushedAt = Self.start
            #expect(try store.canvasPushes() == [stamped, later])
            #expect(try store.canvasPushes(of: "ada") == [later])
            #expect(throws: (any Error).self) {
                try store.recordCanvasPushes(
                    [
                        later,
                        CanvasPushRecord(
                            student: "nobody", set: "demo", course: "9", assignment: "77", score: 1, previous: nil,
                            progressID: 6),
                    ],
                    at: Self.start)
            }
            #expect(try store.canvasPushes().count == 2)
        }
    }

    // MARK: Class-wide reads

    @Test(arguments: StoreBackend.available)
    func theClassReadsSeeTheGradingInForce(backend: StoreBackend) async throws {
        try await withCourse(backend) { (store: any CourseStore) async throws in
            let version = try store.classVersion()
            try answer(store, score: 1)
            let regraded = try answer(store, at: Self.start + 60, score: 0)
            try store.recordGrading(
                Grading(attemptID: regraded.attempt.id!, gradedAt: Self.start + 120, score: 2, verdict: "correct"))
            try answer(store, by: "bob", score: nil)
            #expect(try store.peopleChanged(since: version) == ["ada", "bob"])
            #expect(try store.peopleChanged(since: store.classVersion()).isEmpty)
            let scored = try store.scoredAttempts(of: ["ada"], at: "demo/tf")
            #expect(scored.map(\.score) == [1, 2] && scored.map(\.number) == [1, 2])
            #expect(try store.scoredAttempts(of: nil, at: nil).map(\.score) == [1, 2, nil])
            #expect(try store.scoredAttempts(of: [], at: nil).isEmpty)
            #expect(
                try store.latestAttempts(at: "demo/tf").map { "\($0.personID)#\($0.number)" } == ["ada#2", "bob#1"])

            let submission = try submit(store, by: "bob")
            try store.recordGrading(
                Grading(
                    attemptID: submission.id!, gradedAt: Self.start, score: 5, verdict: "failed",
                    details: #"{"checks":[{"name":"visible","passed":true,"message":"ok"},"#
                        + #"{"name":"hidden","passed":false,"message":"lost updates","hidden":true}]}"#))
            let graded = try submit(store, by: "ada")
            try store.recordGrading(
                Grading(attemptID: graded.id!, gradedAt: Self.start, score: 0, verdict: "error", details: nil))
            let checks = try store.latestChecks(problem: "demo/code", of: nil)
            #expect(
                checks == [
                    LatestCheck(
                        personID: "ada", problemID: "demo/code", attempt: 1, verdict: "error", name: nil,
                        passed: false, message: "", hidden: false),
                    LatestCheck(
                        personID: "bob", problemID: "demo/code", attempt: 1, verdict: "failed", name: "visible",
                        passed: true, message: "ok", hidden: false),
                    LatestCheck(
                        personID: "bob", problemID: "demo/code", attempt: 1, verdict: "failed", name: "hidden",
                        passed: false, message: "lost updates", hidden: true),
                ])
            #expect(try store.latestChecks(of: ["ada"]).count == 1)
        }
    }

    // MARK: The queue

    @Test(arguments: StoreBackend.available)
    func aSubmissionIsQueuedClaimedUnderALeaseAndFinishedOnce(backend: StoreBackend) async throws {
        try await withCourse(backend) { (store: any CourseStore) async throws in
            let first = try submit(store)
            let second = try submit(store, by: "bob")
            let job = try #require(try store.job(forAttempt: first.id!))
            let next = try #require(try store.job(forAttempt: second.id!))
            #expect(job.state == .queued && job.seed == "seed-1")
            #expect(try store.jobsAhead(of: next.id!) == 1)
            #expect(try store.queueCounts() == QueueCounts(queued: 2, running: 0, done: 0))
            let claimed = try #require(try store.claimJob(by: "w1", at: Self.start, lease: 30))
            #expect(claimed.id == job.id && claimed.worker == "w1" && claimed.claims == 1)
            let lease = try #require(claimed.lease)
            #expect(lease.expiresAt == Self.start + 30)
            #expect(try store.job(job.id!) == claimed)
            #expect(try store.jobsAhead(of: next.id!) == 0)
            #expect(try store.queuedJobs().map(\.state) == [.running, .queued])
            #expect(try store.renewLease(lease, at: Self.start + 20, for: 30) == Self.start + 50)
            let grading = try store.finishJob(
                lease, grading: Grading(attemptID: 0, gradedAt: Self.start + 25, score: 10, verdict: "passed"),
                at: Self.start + 25)
            #expect(grading.attemptID == first.id, "recorded for the job's attempt")
            #expect(try store.finishJob(lease, grading: grading, at: Self.start + 26) == grading, "a retry")
            #expect(try store.gradings(of: first.id!).count == 1)
            #expect(try store.job(job.id!)?.state == .done)
            #expect(throws: QueueError.leaseLost(job.id!)) { try store.renewLease(lease, at: Self.start, for: 30) }
            #expect(try store.queueCounts() == QueueCounts(queued: 1, running: 0, done: 1))
        }
    }

    @Test(arguments: StoreBackend.available)
    func anExpiredLeaseIsClaimedAgainAndTheStaleWorkerIsFencedOut(backend: StoreBackend) async throws {
        try await withCourse(backend) { (store: any CourseStore) async throws in
            let attempt = try submit(store)
            let stale = try #require(try store.claimJob(by: "w1", at: Self.start, lease: 30)?.lease)
            #expect(try store.claimJob(by: "w2", at: Self.start + 29, lease: 30) == nil, "the lease still holds")
            let taken = try #require(try store.claimJob(by: "w2", at: Self.start + 31, lease: 30))
            #expect(taken.failures == 1 && taken.claims == 2 && taken.worker == "w2")
            let fresh = try #require(taken.lease)
            #expect(fresh.token != stale.token)
            let refused = Grading(attemptID: attempt.id!, gradedAt: Self.start, score: 10, verdict: "passed")
            #expect(throws: QueueError.leaseLost(stale.job)) {
                try store.finishJob(stale, grading: refused, at: Self.start)
            }
            #expect(throws: QueueError.leaseLost(stale.job)) { try store.renewLease(stale, at: Self.start, for: 30) }
            #expect(throws: QueueError.leaseLost(stale.job)) { try store.releaseJob(stale) }
            #expect(throws: QueueError.leaseLost(stale.job)) {
                try store.failJob(stale, recording: refused, at: Self.start)
            }
            #expect(try store.gradings(of: attempt.id!).isEmpty, "the stale worker recorded nothing")
            #expect(try store.job(stale.job)?.lease == fresh)
        }
    }

    @Test(arguments: StoreBackend.available)
    func aLeaseThatExpiresBeforeItsWorkerPicksTheJobUpCountsNoFailure(backend: StoreBackend) async throws {
        try await withCourse(backend) { (store: any CourseStore) async throws in
            try submit(store)
            // Handed over the network and never picked up (the claim's connection was gone): no failure.
            let lost = try #require(try store.claimJob(by: "gone", at: Self.start, lease: 10, pickedUp: false))
            #expect(!lost.pickedUp)
            let again = try #require(try store.claimJob(by: "w2", at: Self.start + 11, lease: 10, pickedUp: false))
            #expect(again.failures == 0 && again.claims == 2)
            // Picked up (its first renewal), then abandoned mid-grading: one failure.
            let lease = try #require(again.lease)
            _ = try store.renewLease(lease, at: Self.start + 12, for: 30)
            #expect(try store.job(lease.job)?.pickedUp == true)
            let taken = try #require(try store.claimJob(by: "w3", at: Self.start + 43, lease: 30))
            #expect(taken.failures == 1 && taken.pickedUp)
        }
    }

    @Test(arguments: StoreBackend.available)
    func aReleasedJobGoesBackWithItsClaim(backend: StoreBackend) async throws {
        try await withCourse(backend) { (store: any CourseStore) async throws in
            try submit(store)
            let lease = try #require(try store.claimJob(by: "w1", at: Self.start, lease: 30)?.lease)
            try store.releaseJob(lease)
            let job = try #require(try store.job(lease.job))
            #expect(job.state == .queued && job.claims == 0 && job.lease == nil && job.failures == 0)
            #expect(throws: QueueError.leaseLost(lease.job)) { try store.releaseJob(lease) }
            #expect(try store.claimJob(by: "w2", at: Self.start, lease: 30)?.id == lease.job)
        }
    }

    @Test(arguments: StoreBackend.available)
    func infrastructureFailuresAreRetriedThenRecordedAsAnError(backend: StoreBackend) async throws {
        try await withCourse(backend) { (store: any CourseStore) async throws in
            let attempt = try submit(store)
            let error = Grading(attemptID: 0, gradedAt: Self.start, score: 0, verdict: "error", details: nil)
            for failure in 1..<GradingJob.maxFailures {
                let lease = try #require(try store.claimJob(by: "w", at: Self.start, lease: 30)?.lease)
                #expect(try store.failJob(lease, recording: error, at: Self.start) == nil)
                #expect(try store.job(lease.job)?.failures == failure)
                #expect(try store.job(lease.job)?.state == .queued)
            }
            let last = try #require(try store.claimJob(by: "w", at: Self.start, lease: 30)?.lease)
            let recorded = try #require(try store.failJob(last, recording: error, at: Self.start + 5))
            #expect(recorded.attemptID == attempt.id && recorded.verdict == "error")
            #expect(try store.job(last.job)?.state == .done)
            #expect(try store.claimJob(by: "w", at: Self.start + 100, lease: 30) == nil)
            #expect(try store.queueCounts() == QueueCounts(queued: 0, running: 0, done: 1, failed: 1))
            #expect(try store.queuedJobs().map(\.state) == [.failed])
        }
    }

    @Test(arguments: StoreBackend.available)
    func submissionsNeverQueuedAreQueuedOnce(backend: StoreBackend) async throws {
        try await withCourse(backend) { (store: any CourseStore) async throws in
            let unqueued = try store.recordAttempt(
                personID: "ada", problemID: "demo/code", response: nil, variant: nil,
                files: [SourceFile(name: "counter.c", contents: "int counter;\n")], maxScore: 10, lateSeconds: 0,
                at: Self.start, maxAttempts: nil, enqueue: false, seed: nil, grade: nil
            ).attempt
            try answer(store)
            #expect(try store.queueUngradedSubmissions(at: Self.start) == 1)
            #expect(try store.queueUngradedSubmissions(at: Self.start) == 0)
            #expect(try store.job(forAttempt: unqueued.id!)?.state == .queued)
        }
    }

    @Test(arguments: StoreBackend.available)
    func workerTokensAreAddedOnceListedAndRevoked(backend: StoreBackend) async throws {
        try await withCourse(backend) { (store: any CourseStore) async throws in
            let hash = String(repeating: "w", count: 64)
            #expect(try store.addWorkerToken(named: "grader1", hash: hash, at: Self.start))
            #expect(
                try !store.addWorkerToken(named: "grader1", hash: String(repeating: "v", count: 64), at: Self.start))
            #expect(try store.workerTokens() == [WorkerToken(name: "grader1", createdAt: Self.start)])
            #expect(try store.workerName(withTokenHash: hash) == "grader1")
            #expect(try store.revokeWorkerToken(named: "grader1"))
            #expect(try !store.revokeWorkerToken(named: "grader1"))
            #expect(try store.workerName(withTokenHash: hash) == nil)
        }
    }
}
