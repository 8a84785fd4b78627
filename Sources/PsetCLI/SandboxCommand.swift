import ArgumentParser
import Foundation
import PsetSandbox

extension Pset {
    /// `pset sandbox`: the grader's sandbox, for instructors to see what a submission sees.
    struct SandboxCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sandbox",
            abstract: "Run commands in the sandbox submissions run in.",
            subcommands: [Run.self]
        )
    }
}

extension Pset.SandboxCommand {
    /// `pset sandbox run [--cpu S] [--wall S] [--memory MB] [--procs N] [--json] -- CMD ARGS`.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Run a command in the sandbox, in a fresh work directory holding copies of this directory's files.",
            discussion: """
                The command sees what a submission sees: its own work directory at /work, read-only system \
                directories, a private /tmp, loopback-only networking and the grader's limits. Standard \
                input is passed on when it is not a terminal. The program's output is printed, then a summary \
                on standard error.
                """
        )

        @Option(help: ArgumentHelp("CPU time limit of the whole run.", valueName: "seconds"))
        var cpu: Double = SandboxLimits().cpuSeconds

        @Option(help: ArgumentHelp("Wall-clock time limit.", valueName: "seconds"))
        var wall: Double = SandboxLimits().wallSeconds

        @Option(help: ArgumentHelp("Memory limit of the whole run.", valueName: "MB"))
        var memory: Int = SandboxLimits().memoryBytes >> 20

        @Option(help: ArgumentHelp("Processes and threads alive at once.", valueName: "count"))
        var procs: Int = SandboxLimits().processes

        @OptionGroup var output: OutputOptions

        @Argument(parsing: .postTerminator, help: ArgumentHelp("The command and its arguments.", valueName: "command"))
        var command: [String]

        func validate() throws {
            guard !command.isEmpty else { throw ValidationError("Name a command to run after --.") }
            guard cpu > 0, wall > 0, memory > 0, procs > 0 else {
                throw ValidationError("Limits must be positive numbers.")
            }
        }

        func run() async throws {
            let limits = SandboxLimits(
                cpuSeconds: cpu, wallSeconds: wall, memoryBytes: memory << 20, processes: procs
            )
            let input = isatty(STDIN_FILENO) == 1 ? [] : [UInt8](FileHandle.standardInput.readDataToEndOfFile())
            let sandbox = Sandbox()
            let result = try await sandbox.withWorkspace(capacityBytes: limits.diskBytes) { workspace in
                try copyFiles(of: FileManager.default.currentDirectoryPath, into: workspace.path)
                return try await sandbox.run(
                    SandboxRequest(
                        executable: command[0], arguments: Array(command.dropFirst()), standardInput: input,
                        workDirectory: workspace.path, limits: limits
                    )
                )
            }
            let report = SandboxRunReport(result)
            if output.json {
                try output.emit(report) { _, _ in "" }
            } else {
                FileHandle.standardOutput.write(Data(result.standardOutput))
                FileHandle.standardError.write(Data(result.standardError))
                note(report.summary(terminal: .standardError))
            }
        }

        /// Copies the regular files directly in `directory` into the workspace, as a submission's files are.
        private func copyFiles(of directory: String, into workspace: String) throws {
            let files = FileManager.default
            for name in try files.contentsOfDirectory(atPath: directory) {
                let source = directory + "/" + name
                var isDirectory: ObjCBool = false
                guard files.fileExists(atPath: source, isDirectory: &isDirectory), !isDirectory.boolValue,
                    files.isReadableFile(atPath: source)
                else { continue }
                try files.copyItem(atPath: source, toPath: workspace + "/" + name)
            }
        }
    }
}
