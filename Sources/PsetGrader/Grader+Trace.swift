import Foundation
import PsetModel

extension Grader {
    /// The program a failing schedule ran, and what the student wrote of it.
    struct TraceTarget: Sendable {
        var binary: String
        var library: String
        var arguments: [String]
        var input: String
        var expectation: TaskTest.Expectation
        var studentFiles: Set<String>
        var sources: [SourceFile]
    }

    /// The last steps of schedule `seed` on the student's lines: the schedule runs once more, alone, with the
    /// runtime keeping what each thread did (`Runtime/pset_sched_trace.c`), which only this run pays for.
    ///
    /// A seed replays its schedule exactly, so this run fails as the one that found it did. Empty when the
    /// run left no trace (it was killed at its time limit, or ended with `_exit` before the runtime could write).
    func trace(_ seed: SeedToken, of target: TraceTarget, context: RunContext) async throws -> [TraceStep] {
        let events = try SanitizerLog(in: context.workDirectory, test: "the trace")
        _ = try await runBatch(
            target.binary, library: target.library, arguments: target.arguments,
            inputFile: try Self.inputFile(target.input, in: context.binaries), expectation: target.expectation,
            seeds: [seed], context: context, environment: ["PSET_SCHED_EVENTS": events.sandboxPath])
        return ScheduleStory.steps(
            TraceEvents(text: events.read()), binary: target.binary, studentFiles: target.studentFiles,
            sources: target.sources)
    }
}
