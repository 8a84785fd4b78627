import PsetModel
import Testing

/// Parameterised declarations, choice shuffling, and the check `pset bank verify` runs over every draw.
@Suite struct VariantTests {
    /// The issue's first example: processes after `fork()` in a loop of n iterations, answer 2ⁿ.
    static let forkLoop = Numeric("demo/fork-loop") { params in
        let n = params.int("n", in: 2...5)
        Title("Forking in a loop")
        Topics(.forkCOW)
        Points(1)
        Prompt("How many processes after `for (i = 0; i < \(n); i++) fork();`?")
        Answer(1 << n)
        Explanation("\(1 << n): each fork doubles the processes, \(n) times.")
    }

    static let pick = SingleChoice("demo/pick") {
        Title("Pick")
        Topics(.pipes)
        Points(1)
        Prompt("Which end of a pipe does `fd[0]` hold?")
        Choice("a", "The read end", correct: true)
        Choice("b", "The write end")
        Choice("c", "Both ends")
        Choice("d", "Neither")
        Explanation("`fd[0]` is the read end.")
    }

    /// A bank of one set holding one declaration.
    static func bank(_ declaration: () -> some SetPart) -> Bank {
        let part = declaration()
        return Bank(sets: [
            ProblemSet("demo") {
                Title("Demo"); part
            }
        ])
    }

    static func problem(_ id: String, _ declaration: () -> some SetPart) throws -> Problem {
        try #require(bank(declaration).problem(id))
    }

    @Test func aParameterisedQuestionIsListedWithItsFirstValues() throws {
        let problem = try Self.problem("demo/fork-loop") { Self.forkLoop }
        #expect(problem.isParameterised)
        #expect(problem.prompt.contains("i < 2"))
        #expect(problem.question?.answerKey == .number(4))
        #expect(Self.bank { Self.forkLoop }.issues().isEmpty)
    }

    @Test func aSeedDrawsTheSameVariantEveryTimeAndSeedsDiffer() throws {
        let problem = try Self.problem("demo/fork-loop") { Self.forkLoop }
        let seeds = (0..<40).map { VariantSeed(UInt64($0) &* 0x2545_f491_4f6c_dd1d) }
        let drawn = seeds.map { problem.variant(seed: $0) }
        for (seed, variant) in zip(seeds, drawn) {
            #expect(problem.variant(seed: seed).variant == variant.variant)
            guard case .int(let n) = try #require(variant.variant.parameters["n"]) else {
                Issue.record("n is not a number")
                continue
            }
            #expect((2...5).contains(n))
            #expect(variant.problem.prompt.contains("i < \(n);"))
            #expect(variant.problem.question?.answerKey == .number(Double(1 << n)))
            #expect(variant.problem.question?.explanation.hasPrefix("\(1 << n):") == true)
        }
        #expect(Set(drawn.map(\.variant.parameterText)).count == 4, "40 seeds draw every n from 2 to 5")
    }

    @Test func theDrawIsFixedAcrossReleases() throws {
        // A student's variant must not move under them when pset is upgraded: the generator is pinned.
        let problem = try Self.problem("demo/fork-loop") { Self.forkLoop }
        let pick = try Self.problem("demo/pick") { Self.pick }
        #expect(problem.variant(seed: VariantSeed(42)).variant.parameters == ["n": .int(3)])
        #expect(pick.variant(seed: VariantSeed(42)).variant.choiceOrder == ["c", "d", "b", "a"])
    }

    @Test func choicesAreShownInTheSeedsOrderUnderTheDeclaredKeys() throws {
        let problem = try Self.problem("demo/pick") { Self.pick }
        #expect(problem.shufflesChoices && !problem.isParameterised)
        var orders = Set<[String]>()
        for value in 0..<60 {
            let drawn = problem.variant(seed: VariantSeed(UInt64(value) &* 0x9e37_79b9_7f4a_7c15))
            let order = try #require(drawn.variant.choiceOrder)
            orders.insert(order)
            let question = try #require(drawn.problem.question)
            #expect(question.choices.map(\.key) == ["a", "b", "c", "d"])
            let shownKey = try #require(question.choices.first { $0.text == "The read end" }?.key)
            #expect(question.answerKey == .choice(shownKey))
            #expect(order[["a", "b", "c", "d"].firstIndex(of: shownKey)!] == "a")
            #expect(try question.evaluate([shownKey]).correct)
            for other in ["a", "b", "c", "d"] where other != shownKey {
                #expect(try question.evaluate([other]).fraction == 0)
            }
        }
        #expect(orders.count > 10, "60 seeds give many of the 24 orders")
    }

    @Test func aStoredVariantIsReplayedWhateverTheSeed() throws {
        let problem = try Self.problem("demo/pick") { Self.pick }
        let stored = Variant(choiceOrder: ["d", "c", "b", "a"])
        let replayed = problem.variant(seed: VariantSeed(7), replaying: stored)
        #expect(replayed.variant == stored)
        #expect(replayed.problem.question?.answerKey == .choice("d"))
        let loop = try Self.problem("demo/fork-loop") { Self.forkLoop }
        let five = loop.variant(seed: VariantSeed(7), replaying: Variant(parameters: ["n": .int(5)]))
        #expect(five.problem.question?.answerKey == .number(32))
        // Made on the declared order (no order stored): stays declared, so its keys mean what they meant.
        let declared = problem.variant(seed: VariantSeed(7), replaying: Variant())
        #expect(declared.problem.question?.answerKey == .choice("a"))
    }

    @Test func keepChoiceOrderOptsOut() throws {
        let problem = try Self.problem("demo/all") {
            SingleChoice("demo/all") {
                Title("All")
                Topics(.pipes)
                Points(1)
                Prompt("Which are true?")
                KeepChoiceOrder()
                Choice("a", "Pipes are one-way")
                Choice("b", "Pipes carry bytes")
                Choice("c", "All of the above", correct: true)
                Explanation("Both are true.")
            }
        }
        #expect(!problem.shufflesChoices && !problem.varies)
        let drawn = problem.variant(seed: VariantSeed(99))
        #expect(drawn.variant.isDeclared)
        #expect(drawn.problem.question?.choices.map(\.text).last == "All of the above")
    }

    @Test func theWholeSpaceIsWalkedEvenWhenARangeDependsOnAnotherValue() throws {
        let problem = try Self.problem("demo/sem") {
            Numeric("demo/sem") { params in
                let initial = params.int("initial", in: 1...3)
                let threads = params.int("threads", in: initial...4)
                let mode = params.pick("mode", from: ["wait", "trywait"])
                Title("Semaphores")
                Topics(.semaphores)
                Points(1)
                Prompt("sem_init(&s, 0, \(initial)); \(threads) threads \(mode)")
                Answer(min(initial, threads))
                Explanation("\(min(initial, threads)) pass.")
            }
        }
        let (draws, exhaustive) = problem.parameterDraws()
        #expect(exhaustive)
        // initial 1: threads 1...4 (4); 2: 2...4 (3); 3: 3...4 (2); each with two modes.
        #expect(draws.count == 18)
        #expect(Set(draws.map(\.variant.parameterText)).count == 18)
        let report = problem.checkVariants()
        #expect(report.holds && report.exhaustive && report.draws == 18)
        #expect(report.extent == "all 18 draws")
    }

    @Test func aSpaceTooLargeIsSampled() throws {
        let problem = try Self.problem("demo/big") {
            Numeric("demo/big") { params in
                let a = params.int("a", in: 1...100)
                let b = params.int("b", in: 1...100)
                Title("Big")
                Topics(.threadSafety)
                Points(1)
                Prompt("\(a) + \(b)?")
                Answer(a + b)
                Explanation("\(a + b).")
            }
        }
        let report = problem.checkVariants(limit: 1_000, sample: 150)
        #expect(!report.exhaustive && report.draws == 150 && report.holds)
    }

    // MARK: Failing examples: each wrong declaration is caught, naming the draw it is wrong for.

    @Test func aDrawWhoseAnswerMatchesADistractorIsCaught() throws {
        let problem = try Self.problem("demo/powers") {
            SingleChoice("demo/powers") { params in
                let n = params.int("n", in: 2...4)
                Title("Powers")
                Topics(.forkCOW)
                Points(1)
                Prompt("How many processes after \(n) forks?")
                Choice("a", "\(1 << n)", correct: true)
                Choice("b", "\(2 * n)")
                Choice("c", "\(n + 1)")
                Explanation("2 to the \(n).")
            }
        }
        let report = problem.checkVariants()
        #expect(!report.holds)
        #expect(report.issues == ["with n = 2: choices 'a' and 'b' both read '4'"])
    }

    @Test func aDrawWhoseAnswerIsNotANumberIsCaught() throws {
        let problem = try Self.problem("demo/average") {
            Numeric("demo/average") { params in
                let total = params.int("total", in: 10...12)
                let threads = params.int("threads", in: 0...2)
                Title("Average")
                Topics(.threadSafety)
                Points(1)
                Prompt("\(total) items over \(threads) threads: how many each?")
                Answer(Double(total) / Double(threads))
                Explanation("Divide.")
            }
        }
        let report = problem.checkVariants()
        #expect(!report.holds)
        #expect(report.issues.allSatisfy { $0.contains("threads = 0") })
        #expect(
            report.issues.contains { $0.contains("with threads = 0, total = 10: the numeric answer must be a finite") })
        #expect(report.issues.contains { $0.contains("cannot be given as an answer") })
    }

    @Test func aTextAnswerThatItsOwnPatternRefusesIsCaught() throws {
        let problem = try Self.problem("demo/call") {
            ShortText("demo/call") { params in
                let call = params.pick("call", from: ["shmat", "shmdt", "shm_open"])
                Title("Call")
                Topics(.sharedMemory)
                Points(1)
                Prompt("Which call does \(call)'s job?")
                Accept(pattern: "shm[a-z]+", example: call)
                Explanation("\(call).")
            }
        }
        #expect(
            problem.checkVariants().issues == [
                "with call = shm_open: the example 'shm_open' does not match its own pattern",
                "with call = shm_open: the revealed answer 'shm_open' is not graded correct",
            ])
    }

    @Test func whatEveryVariantMustShareIsCaughtWhenItChanges() throws {
        let problem = try Self.problem("demo/shifty") {
            Numeric("demo/shifty") { params in
                let n = params.int("n", in: 1...2)
                Title("Shifty \(n)")
                Topics(.forkCOW)
                Points(Double(n))
                Prompt("n = \(n)")
                Answer(n)
                Explanation("\(n).")
            }
        }
        let issues = problem.checkVariants().issues
        #expect(issues.contains("with n = 2: the Title must be the same in every variant"))
        #expect(issues.contains("with n = 2: Points must be the same in every variant"))
        #expect(!issues.contains { $0.contains("n = 1") })
    }

    @Test func aCodingTaskWhoseTestsChangeWithTheParametersIsCaught() throws {
        let problem = try Self.problem("demo/task") {
            CodingProblem("demo/task") { params in
                let threads = params.pick("threads", from: [4, 8])
                Title("Task")
                Topics(.mutexes)
                Points(2)
                Prompt("Write it.")
                Starter("a.c", "")
                Reference("a.c", "")
                Concurrency(.threads)
                Allows(.threads)
                TestCase("public", points: 1, arguments: ["2"])
                // The mutants and the grade name tests, so a test's name must not carry its parameters.
                TestCase("stress-\(threads)", points: 1, hidden: true, arguments: ["\(threads)"])
            }
        }
        #expect(
            problem.checkVariants().issues == [
                "with threads = 8: the tests' names, points and visibility must be the same in every variant"
            ])
        let draws = problem.parameterDraws().draws
        #expect(draws.map { $0.problem.codingTask?.tests.last?.arguments ?? [] } == [["4"], ["8"]])
    }

    @Test func aMistakeInTheDeclarationNamesTheFileTheProblemAndTheRule() {
        let issues = Self.bank {
            Numeric("demo/twice") { params in
                let a = params.int("n", in: 1...3)
                let b = params.int("n", in: 1...3)
                let c = params.pick("2nd", from: [String]())
                Title("Twice")
                Topics(.forkCOW)
                Points(1)
                Prompt("\(a) \(b) \(c)")
                Answer(a + b)
                Explanation("Sum.")
            }
        }.issues().map(\.description)
        #expect(issues.contains { $0.contains("VariantTests.swift:") && $0.contains("demo/twice") })
        #expect(issues.contains { $0.hasSuffix("demo/twice: parameter 'n' is drawn twice") })
        #expect(issues.contains { $0.contains("parameter name '2nd' must be a letter") })
        #expect(issues.contains { $0.contains("parameter '2nd' has no values to draw from") })
    }

    @Test func aShuffledQuestionMayNotPointAtAChoiceByItsKeyOrPlace() {
        let issues = Self.bank {
            MultipleSelect("demo/keys") {
                Title("Keys")
                Topics(.pipes)
                Points(1)
                Prompt("Which?")
                Choice("a", "One", correct: true)
                Choice("b", "Two")
                Choice("c", "None of the above")
                Explanation("Choice a is right; choices b and c are not.")
            }
        }.issues().map(\.description)
        #expect(issues.contains { $0.contains("demo/keys: the Explanation names a choice by its key") })
        #expect(issues.contains { $0.contains("choice 'c' refers to the other choices by place") })
    }
}
