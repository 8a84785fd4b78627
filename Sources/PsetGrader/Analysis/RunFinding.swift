import Foundation
import PsetModel
import PsetSandbox

/// How one run of a program went, judged against what it had to do, in a sentence for the student.
struct RunFinding: Sendable {
    var kind: Kind
    var message: String
    /// Longer evidence (a deadlock's threads, a sanitizer report, the program's output), never the message itself.
    var detail: String?

    enum Kind: String, Sendable {
        case ok
        /// The program exited with the wrong status; by the harness convention its last stderr line says why.
        case failed
        case wrongOutput
        case assertion
        case crash
        case deadlock
        case timeout
        /// A sandbox limit other than time (memory, processes, output...).
        case limit
        case race
    }

    var passed: Bool { kind == .ok }

    /// Whether a traced replay of the run can tell how it failed: not when it was killed at a limit, where the
    /// runtime never gets to write its trace, and the replay would only wait that long again.
    var tellsItsSteps: Bool { kind != .ok && kind != .timeout && kind != .limit }

    /// Judges a run against `expectation`; `symbolizer` names the functions of a deadlock.
    init(result: SandboxResult, expectation: TaskTest.Expectation, symbolizer: Symbolizer) {
        self.init(
            result: result, scheduler: SchedulerOutput(standardError: result.standardErrorText),
            expectation: expectation, symbolizer: symbolizer)
    }

    /// The same, with the runtime's lines already separated from the program's standard error.
    init(
        result: SandboxResult, scheduler: SchedulerOutput, expectation: TaskTest.Expectation, symbolizer: Symbolizer
    ) {
        let errors = scheduler.programErrors
        let lastLine = errors.split(separator: "\n").last.map { String($0.prefix(300)) }
        if scheduler.deadlocked {
            let report = DeadlockReport(scheduler.blocked, symbolizer: symbolizer)
            self.init(kind: .deadlock, message: report.summary, detail: report.threads.joined(separator: "\n"))
            return
        }
        if let fatal = scheduler.fatal {
            self.init(kind: .limit, message: fatal, detail: nil)
            return
        }
        if let limit = result.limitHit {
            if limit.kind == .wall || limit.kind == .cpu {
                let said = limit.message.hasPrefix("timed out") ? limit.message : "timed out: \(limit.message)"
                self.init(
                    kind: .timeout, message: "\(said) (an endless loop, or a thread blocked forever?)",
                    detail: Self.tail(errors))
            } else {
                self.init(kind: .limit, message: limit.message, detail: Self.tail(errors))
            }
            return
        }
        switch result.termination {
        case .signaled(let signal):
            if let assertion = FailedAssertion(output: errors) {
                self.init(kind: .assertion, message: assertion.message, detail: Self.tail(errors))
            } else {
                self.init(
                    kind: .crash, message: "crash: killed by \(Self.signalName(signal))", detail: Self.tail(errors))
            }
        case .exited(let status) where status != expectation.exitStatus:
            let message =
                lastLine.flatMap { $0.isEmpty ? nil : $0 }
                ?? "exited with status \(status), expected \(expectation.exitStatus)"
            let detail = Self.tail(errors)
            self.init(kind: .failed, message: message, detail: detail == message ? nil : detail)
        case .exited:
            if let expected = expectation.standardOutput, expected != result.standardOutputText {
                self.init(
                    kind: .wrongOutput,
                    message: Self.outputDifference(expected: expected, actual: result.standardOutputText),
                    detail: nil)
            } else {
                self.init(kind: .ok, message: "passed", detail: nil)
            }
        }
    }

    init(kind: Kind, message: String, detail: String?) {
        self.kind = kind
        self.message = message
        self.detail = detail
    }

    /// The first line where the output differs from the expected one, quoted.
    static func outputDifference(expected: String, actual: String) -> String {
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let got = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(want.count, got.count) {
            let wanted = index < want.count ? "`\(want[index].prefix(120))`" : "the end of the output"
            let seen = index < got.count ? "`\(got[index].prefix(120))`" : "the end of the output"
            if wanted != seen { return "wrong output: line \(index + 1) is \(seen), expected \(wanted)" }
        }
        return "wrong output"
    }

    private static func tail(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : String(trimmed.suffix(2000))
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case 4: "SIGILL (illegal instruction)"
        case 6: "SIGABRT (abort)"
        case 7: "SIGBUS (bus error)"
        case 8: "SIGFPE (arithmetic error, such as a division by zero)"
        case 9: "SIGKILL"
        case 11: "SIGSEGV (segmentation fault: a bad pointer)"
        case 13: "SIGPIPE (writing to a pipe nobody reads)"
        case 15: "SIGTERM"
        default: "signal \(signal)"
        }
    }
}
