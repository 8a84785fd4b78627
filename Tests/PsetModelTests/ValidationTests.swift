import PsetModel
import Testing

/// Each validation rule, shown failing on a small bank that breaks only that rule.
@Suite struct ValidationTests {
    /// A valid single-choice question to break one rule at a time.
    static func question(
        _ id: String = "demo/q", title: String = "A title", points: Double = 1, explanation: String? = "Because.",
        correct: [String] = ["a"], keys: [String] = ["a", "b"]
    ) -> SingleChoice {
        SingleChoice(id) {
            Title(title)
            Topics(.pipes)
            Points(points)
            Prompt("Which one?")
            for key in keys { Choice(key, "Option \(key)", correct: correct.contains(key)) }
            if let explanation { Explanation(explanation) }
        }
    }

    static func issues(@SetBuilder _ body: () -> [SetAttribute]) -> [String] {
        Bank(sets: [ProblemSet("demo", body)]).issues().map(\.description)
    }

    @Test func aValidBankHasNoIssues() {
        #expect(
            Self.issues {
                Title("Demo"); Self.question()
            } == [])
    }

    @Test func anIssueNamesTheFileTheProblemAndTheRule() throws {
        let issue = try #require(
            Self.issues {
                Title("Demo"); Self.question(correct: ["a", "b"])
            }.first)
        #expect(issue.contains("ValidationTests.swift:"))
        #expect(issue.contains("demo/q"))
        #expect(issue.contains("exactly one correct choice, has 2"))
    }

    @Test func singleChoiceNeedsExactlyOneCorrectKey() {
        #expect(
            Self.issues {
                Title("Demo"); Self.question(correct: [])
            }.contains { $0.contains("has 0") })
        #expect(
            Self.issues {
                Title("Demo"); Self.question(correct: ["a", "b"])
            }.contains { $0.contains("has 2") })
    }

    @Test func problemIDsAreUnique() {
        let issues = Self.issues {
            Title("Demo"); Self.question(); Self.question()
        }
        #expect(issues.contains { $0.contains("another problem has the same id") })
    }

    @Test func problemIDsStartWithTheirSet() {
        #expect(
            Self.issues {
                Title("Demo"); Self.question("other/q")
            }.contains { $0.contains("the id must be") })
        #expect(
            Self.issues {
                Title("Demo"); Self.question("demo/Bad Slug")
            }.contains { $0.contains("the id must be") })
    }

    @Test func explanationsAreRequiredAndNotEmpty() {
        #expect(
            Self.issues {
                Title("Demo"); Self.question(explanation: nil)
            }.contains { $0.contains("Explanation") })
        #expect(
            Self.issues {
                Title("Demo"); Self.question(explanation: "  ")
            }.contains { $0.contains("Explanation is empty") })
    }

    @Test func choiceKeysAreUnique() {
        let issues = Self.issues {
            Title("Demo"); Self.question(keys: ["a", "a", "b"])
        }
        #expect(issues.contains { $0.contains("choice key 'a' is used twice") })
    }

    @Test func titlesAndPointsAreRequired() {
        #expect(
            Self.issues {
                Title("Demo"); Self.question(title: "")
            }.contains { $0.contains("Title is missing") })
        #expect(
            Self.issues {
                Title("Demo"); Self.question(points: 0)
            }.contains { $0.contains("Points must be") })
        #expect(Self.issues { Self.question() }.contains { $0.contains("set demo: Title is missing") })
    }

    @Test func topicTagsComeOnlyFromTheCourseVocabulary() {
        // Tags are a closed enum, so a tag outside the vocabulary does not compile; the raw values are the contract's.
        #expect(Topic(rawValue: "threads") == nil)
        #expect(Topic.allCases.count == 17)
        #expect(Topic(rawValue: "fork-cow") == .forkCOW)
    }

    @Test func wordsOutOfPlaceAreReported() {
        let issues = Self.issues {
            Title("Demo")
            TrueFalse("demo/tf") {
                Title("T")
                Topics(.signals)
                Points(1)
                Prompt("True?")
                Choice("a", "Yes")
                Explanation("No.")
            }
        }
        #expect(issues.contains { $0.contains("Choice does not belong in a true/false question") })
        #expect(issues.contains { $0.contains("needs Answer(true) or Answer(false)") })
    }

    @Test func repeatedWordsAreReported() {
        let issues = Self.issues {
            Title("Demo")
            Numeric("demo/n") {
                Title("N")
                Title("N again")
                Topics(.forkCOW)
                Points(1)
                Prompt("How many?")
                Answer(4)
                Explanation("Two forks.")
            }
        }
        #expect(issues.contains { $0.contains("Title is given more than once") })
    }

    @Test func shortTextPatternsMustCompileAndMatchTheirExample() {
        let issues = Self.issues {
            Title("Demo")
            ShortText("demo/s") {
                Title("S")
                Topics(.sharedMemory)
                Points(1)
                Prompt("Which call?")
                Accept(pattern: "shm(at", example: "shmat")
                Accept(pattern: "shmget", example: "shmat")
                Explanation("It attaches.")
            }
        }
        #expect(issues.contains { $0.contains("is not a valid regular expression") })
        #expect(issues.contains { $0.contains("does not match its own pattern") })
    }

    @Test func dueDatesMustParse() {
        let issues = Self.issues {
            Title("Demo"); Due("next friday"); Self.question()
        }
        #expect(issues.contains { $0.contains("is not an ISO 8601 date") })
    }

    @Test func codingProblemsAreCheckedForConsistency() {
        let issues = Self.issues {
            Title("Demo")
            CodingProblem("demo/c") {
                Title("C")
                Topics(.mutexes)
                Points(3)
                Prompt("Write it.")
                Starter("a.c", "")
                Reference("b.c", "")
                TestCase("one", points: 1, harness: "missing.c")
                Mutant("m", reason: "lost update", mustFail: ["two"], File("x.c", ""))
            }
        }
        #expect(issues.contains { $0.contains("Reference files must have exactly the Starter files' names") })
        #expect(issues.contains { $0.contains("names harness 'missing.c', which is not a Support file") })
        #expect(issues.contains { $0.contains("add up to 1, not the problem's 3") })
        #expect(issues.contains { $0.contains("replaces 'x.c', which is not a Starter file") })
        #expect(issues.contains { $0.contains("must fail test 'two', which does not exist") })
    }

    /// A one-test coding problem, declared a thread task, a process task, or neither.
    static func task(_ concurrency: CodingTask.Concurrency?) -> CodingProblem {
        CodingProblem("demo/t") {
            Title("T")
            Topics(.mutexes)
            Points(1)
            Prompt("Write it.")
            Starter("a.c", "")
            Reference("a.c", "")
            if let concurrency { Concurrency(concurrency) }
            Allows(.threads)
            TestCase("threads", points: 1, checks: [.schedules])
        }
    }

    @Test func everyCodingProblemSaysWhatRunsAtOnce() {
        let undeclared = Self.issues {
            Title("Demo"); Self.task(nil)
        }
        #expect(undeclared.contains { $0.contains("needs Concurrency(.threads) or Concurrency(.processes)") })
        #expect(
            Self.issues {
                Title("Demo"); Self.task(.threads)
            } == [])
        #expect(
            Self.issues {
                Title("Demo"); Self.task(.processes)
            } == [])
    }

    @Test func everyCodingProblemSaysWhatItMayCallAndWhy() throws {
        let undeclared = Self.issues {
            Title("Demo")
            CodingProblem("demo/t") {
                Title("T")
                Topics(.mutexes)
                Points(1)
                Prompt("Write it.")
                Starter("a.c", "")
                Reference("a.c", "")
                Concurrency(.threads)
                Forbids(because: " ")
                TestCase("threads", points: 1)
            }
        }
        #expect(undeclared.contains { $0.contains("needs Allows(...)") })
        #expect(undeclared.contains { $0.contains("a Forbids needs at least one symbol name and a reason") })
        let bank = Bank(sets: [
            ProblemSet("demo") {
                Title("Demo"); Self.task(.threads)
            }
        ])
        let calls = try #require(bank.problem("demo/t")?.codingTask).calls
        #expect(calls.judge("pthread_create") == .allowed)
        #expect(calls.judge("exit") == .allowed)
        #expect(calls.judge("getenv") == .notAllowed)
    }

    @Test func aForbiddenCallOverridesItsFamilyWithThePromptsReason() {
        let calls = CallPolicy(
            allowed: [.threads, .conditionVariables, .semaphores],
            forbidden: [ForbiddenCalls(patterns: ["pthread_cond_*"], reason: "use semaphores")])
        #expect(calls.judge("pthread_cond_wait") == .forbidden("use semaphores"))
        #expect(calls.judge("sem_wait") == .allowed)
        #expect(calls.judge("pthread_condition") == .notAllowed)
        #expect(calls.judge("write") == .notAllowed)
        #expect(calls.allowedDescription == "threads, condition variables and semaphores")
    }

    @Test func theDeclaredConcurrencyReachesTheTask() throws {
        for concurrency in [CodingTask.Concurrency.threads, .processes] {
            let bank = Bank(sets: [
                ProblemSet("demo") {
                    Title("Demo"); Self.task(concurrency)
                }
            ])
            #expect(try #require(bank.problem("demo/t")?.codingTask).concurrency == concurrency)
        }
    }

    /// A process task whose prompt says how many children it forks, with `Requires` lines and tests to check.
    static func structured(
        says words: String, arguments: [String] = ["3"], checks: Set<TaskTest.Check> = [.structure]
    ) -> CodingProblem {
        CodingProblem("demo/s") {
            Title("S")
            Topics(.forkCOW)
            Points(1)
            Prompt("Run it as `./kids N`. It forks N children,\none at a time.")
            Starter("a.c", "")
            Reference("a.c", "")
            Concurrency(.processes)
            Allows(.processes)
            Requires(.children, .exactly(.argument), says: words)
            TestCase("kids", points: 1, arguments: arguments, checks: checks)
        }
    }

    @Test func structureRequirementsQuoteThePromptAndAreChecked() throws {
        #expect(
            Self.issues {
                Title("Demo"); Self.structured(says: "forks N children, one at a time")
            } == [])
        #expect(
            Self.issues {
                Title("Demo"); Self.structured(says: "forks N grandchildren")
            }
            .contains { $0.contains("Requires says \"forks N grandchildren\", which the Prompt does not") })
        #expect(
            Self.issues {
                Title("Demo"); Self.structured(says: "forks N children", arguments: ["many"])
            }
            .contains { $0.contains("test 'kids' checks \"forks N children\", counted from its first argument") })
        #expect(
            Self.issues {
                Title("Demo"); Self.structured(says: "forks N children", checks: [])
            }
            .contains { $0.contains("no test has the structure check") })
        let bank = Bank(sets: [ProblemSet("demo") { Self.structured(says: "forks N children") }])
        let requirement = try #require(bank.problem("demo/s")?.codingTask?.requirements.first)
        #expect(requirement.bound.admits(3, arguments: ["3"]) == true)
        #expect(requirement.bound.admits(1, arguments: ["3"]) == false)
    }

    @Test func canvasAssignmentIdsArePositiveWholeNumbersOnePerSet() {
        func issues(_ ids: [String]) -> [String] {
            Bank(
                sets: ids.enumerated().map { index, id in
                    ProblemSet("set\(index)") {
                        Title("Set \(index)"); CanvasAssignment(id); Self.question("set\(index)/q")
                    }
                }
            ).issues().map(\.description)
        }
        #expect(issues(["12345", "12346"]) == [])
        #expect(
            Bank(sets: [
                ProblemSet("demo") {
                    Title("Demo"); CanvasAssignment(987); Self.question()
                }
            ]).issues() == [])
        for bad in ["0", "-5", "+5", "12a", "", " 12", "１２"] {
            #expect(
                issues([bad]).contains { $0.contains("is not a Canvas assignment id: a positive whole number") },
                "\(bad)")
        }
        let twice = issues(["12345", "012345"])
        #expect(twice.count == 1)
        #expect(twice.first?.contains("set set1: another set imports into Canvas assignment 012345") == true)
    }

    @Test func validateThrowsListingEveryIssue() {
        let bank = Bank(sets: [ProblemSet("demo") { Self.question(correct: []) }])
        #expect(throws: BankValidationError.self) { try bank.validate() }
    }
}
