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
            let directory = FileManager.default.currentDirectoryPath
            let files = try filesToCopy(from: directory)
            let total = files.reduce(0) { $0 + $1.size }
            guard total <= limits.diskBytes else {
                throw ValidationError(
                    "the files in \(directory) are \(Self.mebibytes(total)), more than the "
                        + "\(Self.mebibytes(limits.diskBytes)) a run may take")
            }
            let sandbox = Sandbox()
            let result = try await sandbox.withWorkspace(capacityBytes: limits.diskBytes) { workspace in
                for file in files {
                    do {
                        try FileManager.default.copyItem(atPath: file.path, toPath: workspace.path + "/" + file.name)
                    } catch {
                        throw ValidationError("cannot copy \(file.path) into the sandbox: \(Self.reason(error))")
                    }
                }
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

        /// The regular files directly in `directory`, which the workspace gets copies of as a submission gets its
        /// files, with their sizes.
        private func filesToCopy(from directory: String) throws -> [(name: String, path: String, size: Int)] {
            let files = FileManager.default
            let names: [String]
            do {
                names = try files.contentsOfDirectory(atPath: directory)
            } catch {
                throw ValidationError("cannot list \(directory): \(Self.reason(error))")
            }
            return names.sorted().compactMap { name in
                let path = directory + "/" + name
                guard let attributes = try? files.attributesOfItem(atPath: path),
                    attributes[.type] as? FileAttributeType == .typeRegular, files.isReadableFile(atPath: path)
                else { return nil }
                return (name, path, (attributes[.size] as? Int) ?? 0)
            }
        }

        /// "300 MiB", "64 MiB".
        static func mebibytes(_ bytes: Int) -> String {
            let value = Double(bytes) / 1_048_576
            return (value >= 10 ? String(format: "%.0f", value) : String(format: "%.1f", value)) + " MiB"
        }

        /// The system's reason for a failed file operation, without Foundation's wrapping.
        static func reason(_ error: any Error) -> String {
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            if let underlying, underlying.domain == NSPOSIXErrorDomain {
                return String(cString: strerror(Int32(underlying.code))).lowercased()
            }
            return error.localizedDescription
        }
    }
}
