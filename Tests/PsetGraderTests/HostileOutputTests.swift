import Foundation
import PsetModel
import PsetSandbox
import Testing

@_spi(Benchmarks) @testable import PsetGrader

/// Every parser of program output, fed a mebibyte shaped to break it: it must return, and say something sensible.
///
/// The time limit is a guard against a parser that is quadratic again (the shapes below took minutes to hours
/// before), not a measurement; `pset-bench parsers` measures.
@Suite("Hostile program output", .serialized, .timeLimit(.minutes(1)))
struct HostileOutputTests {
    static let size = OutputParsing.size

    /// The shapes every parser is fed, by name.
    static let shapes = Dictionary(uniqueKeysWithValues: OutputParsing.hostileShapes().map { ($0.name, $0.text) })

    static var shapeNames: [String] { shapes.keys.sorted() }

    @Test("a forged report with an address below its heap block names no field and no byte")
    func addressBelowTheBlock() throws {
        let report = try #require(
            RaceReport(
                output: Self.forgedReport(address: "0x000000000010"), studentFiles: ["counter.c"], sources: [],
                binary: "/nonexistent"))
        #expect(report.summary.hasPrefix("data race on a heap object (counter.c:21 vs counter.c:17)"))
        let beyond = try #require(
            RaceReport(
                output: Self.forgedReport(address: "0x7b0c00000100"), studentFiles: ["counter.c"], sources: [],
                binary: "/nonexistent"))
        #expect(beyond.summary.hasPrefix("data race on a heap object ("))
        let inside = try #require(
            RaceReport(
                output: Self.forgedReport(address: "0x7b0c00000028"), studentFiles: ["counter.c"], sources: [],
                binary: "/nonexistent"))
        #expect(inside.summary.hasPrefix("data race on a heap object (byte 40 of a 48-byte block)"))
    }

    @Test("a sanitizer report that goes on for a mebibyte keeps a bounded text, warnings and frames")
    func endlessWarning() throws {
        let frames = (0..<(Self.size / 40)).map { "    #\($0) counter_add /work/counter.c:17 (h+0x1434)" }
        let output =
            Self.forgedReport(address: "0x7b0c00000028").replacingOccurrences(of: "SUMMARY", with: "NOT A SUMMARY")
            + "\n" + frames.joined(separator: "\n")
        let warnings = SanitizerWarning.parse(output)
        #expect(warnings.count == 1)
        #expect(warnings[0].text.utf8.count <= SanitizerWarning.maxTextBytes + 4096)
        #expect(warnings[0].accesses.allSatisfy { $0.frames.count <= SanitizerWarning.maxFrames })
        #expect(SanitizerWarning.parse(Self.shapes["many warnings"]!).count == SanitizerWarning.maxWarnings)
    }

    @Test("the sanitizer report parser returns on every shape", arguments: shapeNames)
    func sanitizerWarnings(shape: String) {
        let output = Self.shapes[shape]!
        let warnings = SanitizerWarning.parse(output)
        #expect(warnings.count <= SanitizerWarning.maxWarnings)
        let report = RaceReport(output: output, studentFiles: ["counter.c"], sources: [], binary: "/nonexistent")
        #expect((report?.summary.utf8.count ?? 0) < 2000)
        #expect((report?.raw.utf8.count ?? 0) <= RaceReport.maxRawBytes)
    }

    @Test("every parser together returns on every shape", arguments: shapeNames)
    func allParsers(shape: String) {
        #expect(OutputParsing.readAll(Self.shapes[shape]!) > 0)
    }

    @Test("the scheduler's lines are told from the program's on every shape", arguments: shapeNames)
    func schedulerOutput(shape: String) {
        let output = SchedulerOutput(standardError: Self.shapes[shape]!)
        #expect(output.blocked.count <= SchedulerOutput.maxBlocked)
        #expect((output.fatal?.utf8.count ?? 0) <= SchedulerOutput.maxLineBytes)
        let deadlock = DeadlockReport(output.blocked, symbolizer: Symbolizer(executable: "/nonexistent"))
        #expect(deadlock.threads.count == output.blocked.count)
    }

    @Test("the runtime's lines are taken out of the program's standard error, the rest kept as written")
    func runtimeLinesSeparated() {
        let output = SchedulerOutput(
            standardError: "@@pset end seed=s1-1 switches=3\nhello\n\n@@pset fatal too many threads\nworld\n")
        #expect(output.programErrors == "hello\n\nworld\n")
        #expect(output.summary == ["seed": "s1-1", "switches": "3"])
        #expect(output.fatal == "too many threads")
        #expect(SchedulerOutput(standardError: "").programErrors == "")
        #expect(SchedulerOutput(standardError: "a\nb").programErrors == "a\nb")
    }

    @Test("a run's finding is judged on every shape of standard error", arguments: shapeNames)
    func runFinding(shape: String) {
        let result = Self.result(standardError: Self.shapes[shape]!, termination: .signaled(6))
        let finding = RunFinding(
            result: result, expectation: .init(exitStatus: 0), symbolizer: Symbolizer(executable: "/nonexistent"))
        #expect(!finding.passed)
        #expect(finding.message.utf8.count < 2000)
    }

    @Test("an assertion message is found in one pass, and a line of repeated fragments is not one")
    func assertions() {
        #expect(FailedAssertion(output: Self.shapes["repeated assertion"]!) == nil)
        let real = "noise\na.out: counter.c:12: counter_add: Assertion `c->value >= 0' failed.\n"
        #expect(
            FailedAssertion(output: real)
                == FailedAssertion(expression: "c->value >= 0", location: "counter.c:12", function: "counter_add"))
        #expect(
            FailedAssertion(output: real)?.message == "assertion failed: c->value >= 0 (counter.c:12, in counter_add)")
        let hidden = OutputParsing.repeated("a: b: c: Assertion `") + "\n" + real
        #expect(FailedAssertion(output: hidden)?.location == "counter.c:12")
    }

    @Test("the batch driver's framing refuses lengths that overflow, are negative or run past the end")
    func batchOutput() {
        let good = Array("@@run 0 exited 0 2 3\nokerr".utf8)
        #expect(BatchOutput.parse(good, wallSeconds: 1).count == 1)
        for header in [
            "@@run 0 exited 0 9223372036854775807 9223372036854775807\n", "@@run 0 exited 0 -5 3\nabc",
            "@@run 0 exited 0 3 99999999999999999999\nabc", "@@run 0 exited 99999999999 0 0\n",
        ] {
            #expect(BatchOutput.parse(good + Array(header.utf8), wallSeconds: 1).count == 1, "\(header)")
        }
        for shape in Self.shapeNames {
            #expect(BatchOutput.parse(Array(Self.shapes[shape]!.utf8), wallSeconds: 1).isEmpty)
        }
    }

    @Test("struct names and gdb layouts are read in one pass with capped counts", arguments: shapeNames)
    func structLayouts(shape: String) {
        let text = Self.shapes[shape]!
        _ = StructLayouts.declaredStructs(in: text)
        #expect(StructLayouts.parse("type = struct a {\n" + text).isEmpty)
        _ = MemberAccess.first(in: text)
    }

    @Test("struct names, layouts and member accesses as gdb and C write them")
    func structLayoutsOfRealOutput() {
        let declared = StructLayouts.declaredStructs(
            in: "struct counter {\n long v; };\nstruct\tpair{int a;};\nmystruct x {};\nstruct counter *c;")
        #expect(declared == ["counter", "pair"])
        #expect(StructLayouts.declaredStructs(in: OutputParsing.repeated("struct a{")).count > 1000)
        let layouts = StructLayouts.parse(Self.gdbLayout)
        #expect(layouts.count == 1)
        #expect(layouts.first?.size == 104)
        #expect(layouts.first?.fields.map(\.name) == ["lock", "value", "pair", "in", "f", "arr"])
        let structs = StructLayouts(layouts: layouts)
        #expect(structs.field(blockSize: 104, offset: 44, hints: []) == "struct counter.value")
        #expect(structs.field(blockSize: 104, offset: 50, hints: []) == "struct counter.pair")
        #expect(structs.field(blockSize: 208, offset: 104 + 68, hints: []) == "struct counter.arr")
        #expect(structs.field(blockSize: 104, offset: -1, hints: []) == nil)
        #expect(MemberAccess.first(in: "    return c -> value + 1;") == "c -> value")
        #expect(MemberAccess.first(in: "x = 3.5 + s.a.b;") == "s.a.b")
        #expect(MemberAccess.first(in: "x = 12abc.d;") == "abc.d")
        #expect(MemberAccess.first(in: OutputParsing.repeated("abcdefgh")) == nil)
    }

    /// A ThreadSanitizer report as a program could print it, with the first access at `address` in a block of 48
    /// bytes at 0x7b0c00000000.
    static func forgedReport(address: String) -> String {
        """
        ==================
        WARNING: ThreadSanitizer: data race (pid=29586)
          Read of size 8 at \(address) by thread T2:
            #0 counter_get /work/counter.c:21 (h+0x1461)

          Previous write of size 8 at \(address) by thread T1 (mutexes: write M0):
            #0 counter_add /work/counter.c:17 (h+0x1434)

          Location is heap block of size 48 at 0x7b0c00000000 allocated by main thread:
            #0 counter_create /work/counter.c:11 (h+0x13e6)

        SUMMARY: ThreadSanitizer: data race /work/counter.c:21 in counter_get
        ==================
        """
    }

    static func result(standardError: String, termination: SandboxTermination) -> SandboxResult {
        SandboxResult(
            termination: termination, cpuSeconds: 0, wallSeconds: 0, peakMemoryBytes: 0, standardOutput: [],
            standardOutputTruncated: false, standardError: Array(standardError.utf8), standardErrorTruncated: false,
            limitHit: nil, processes: SandboxProcessRecord(tasksCreated: 0, aliveAtExit: 0, zombiesAtExit: 0),
            ipc: SandboxIPCRecord(sharedMemorySegments: 0, semaphoreSets: 0, messageQueues: 0), isolation: [])
    }

    /// `ptype /o struct counter` as gdb 13 prints it, nested structs, a bit-field and an array included.
    static let gdbLayout = """
        /* offset      |    size */  type = struct counter {
        /*      0      |      40 */    pthread_mutex_t lock;
        /*     40      |       8 */    long value;
        /*     48      |       8 */    struct {
        /*     48      |       4 */        int x;
        /*     52      |       4 */        int y;

                                           /* total size (bytes):    8 */
                                       } pair;
        /*     56      |       8 */    struct inner {
        /*     56      |       4 */        int a;
        /*     60      |       1 */        char b;
        /* XXX  3-byte padding   */

                                           /* total size (bytes):    8 */
                                       } in;
        /*     64: 0   |       4 */    unsigned int f : 3;
        /* XXX  5-bit hole       */
        /* XXX  3-byte hole      */
        /*     68      |      32 */    int arr[4][2];
        /* XXX  4-byte padding   */

                                       /* total size (bytes):  104 */
                                     }
        """
}
