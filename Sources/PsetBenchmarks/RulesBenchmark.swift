import Foundation
import Glibc
import PsetBank
import PsetGrader
import PsetModel
import PsetSandbox

/// Measures what checking a submission's object files adds to a grading.
///
/// Three costs: reading the object files, scanning their code for the bytes of a system-call instruction and
/// applying the task's rules (in the grader); the sandboxed disassembly, paid only by a file whose code holds
/// those bytes; and the second sandboxed run that links the harnesses apart from the student's compile. The
/// harness entry point adds one `getenv`.
enum RulesBenchmark {
    static func main(_ arguments: [String]) async throws {
        var runs = 100
        if let index = arguments.firstIndex(of: "--runs"), index + 1 < arguments.count,
            let value = Int(arguments[index + 1])
        {
            runs = max(value, 1)
        }
        let runtime = try await SchedulerRuntime.shared.files()
        let reserved = try await LibraryExports.shared.reserved(runtimeLibrary: runtime.library)
        let sandbox = Sandbox()
        print("submission rules: median of \(runs) runs each, after 5 warm-up runs")
        print(
            pad("task", 24) + pad("rules", 12) + pad("disassembly (if needed)", 26) + pad("second run", 13) + "added")
        for id in GraderBenchmark.tasks {
            guard let problem = Bank.builtIn.problem(id), let task = problem.codingTask else {
                throw GraderError("the bank has no coding task \(id)")
            }
            try await sandbox.withWorkspace { workspace in
                for file in task.reference + task.headers {
                    try Data(file.contents.utf8).write(to: URL(fileURLWithPath: "\(workspace.path)/\(file.name)"))
                }
                let source = task.reference.first { $0.name.hasSuffix(".c") }!.name
                let compile = "gcc -std=gnu17 -Wall -pthread -g -c \(source) -o object.o"
                let compiled = try await sandbox.run(
                    SandboxRequest(executable: "/bin/sh", arguments: ["-c", compile], workDirectory: workspace.path))
                guard compiled.termination == .exited(0),
                    let bytes = FileManager.default.contents(atPath: "\(workspace.path)/object.o")
                else { throw GraderError("\(id)'s reference did not compile") }
                let rules = SubmissionRules(
                    policy: task.calls, reservedNames: reserved,
                    ownsMain: task.tests.contains { $0.harness == nil }, headerNames: task.headers.map(\.name))
                var needsDisassembly = false
                let checking = try measure(runs) {
                    guard let object = ELFObject(Array(bytes)) else { throw GraderError("not ELF") }
                    needsDisassembly = object.mayHoldSystemCalls
                    let refusals = rules.violations(of: [.init(source: source, object: object, systemCalls: [])])
                    guard refusals.isEmpty else { throw GraderError("\(id)'s reference is refused: \(refusals)") }
                }
                let disassemble =
                    "objdump -d --no-show-raw-insn object.o | awk '/^[0-9a-f]+ <.*>:$/ { name = $2 } "
                    + "/\\t(syscall|sysenter|int +\\$0x80)( |$)/ { print name }' > object.syscalls"
                let withDisassembly = try await measureRun(sandbox, workspace.path, disassemble, runs)
                let bare = try await measureRun(sandbox, workspace.path, "true", runs)
                let disassembly = withDisassembly - bare
                let paid = needsDisassembly ? disassembly : .zero
                print(
                    pad(id, 24) + pad(format(checking), 12)
                        + pad("\(needsDisassembly ? "yes" : "no"), \(format(disassembly))", 26) + pad(format(bare), 13)
                        + format(checking + paid + bare))
            }
        }
    }

    private static func measure(_ runs: Int, _ body: () throws -> Void) throws -> Duration {
        var times: [Duration] = []
        for index in 0..<(runs + 5) {
            let start = ContinuousClock.now
            try body()
            if index >= 5 { times.append(ContinuousClock.now - start) }
        }
        return times.sorted()[times.count / 2]
    }

    private static func measureRun(_ sandbox: Sandbox, _ directory: String, _ script: String, _ runs: Int)
        async throws -> Duration
    {
        var times: [Duration] = []
        for index in 0..<(runs + 5) {
            let start = ContinuousClock.now
            let result = try await sandbox.run(
                SandboxRequest(executable: "/bin/sh", arguments: ["-c", script], workDirectory: directory))
            guard result.termination == .exited(0) else { throw GraderError("`\(script)` failed in the sandbox") }
            if index >= 5 { times.append(ContinuousClock.now - start) }
        }
        return times.sorted()[times.count / 2]
    }

    private static func format(_ duration: Duration) -> String {
        let milliseconds =
            Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return String(format: "%.2f ms", milliseconds)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
