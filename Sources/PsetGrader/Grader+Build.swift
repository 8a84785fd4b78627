import Foundation
import PsetModel
import PsetSandbox

extension Grader {
    /// How a build ended: programs to run, the compiler's messages, or the rules the submission breaks.
    enum BuildOutcome: Sendable {
        case built(BuiltPrograms)
        case failed(String)
        /// The submission compiled, but its code breaks the rules of ``SubmissionRules``: one line each.
        case refused([String])
    }

    /// Compiles the recipe's programs in the sandbox, checks the student's objects against `rules` (when
    /// given), links them with the harnesses, and copies the binaries into `binaries`.
    ///
    /// The student's files are compiled in one workspace and the programs linked in another, each step's
    /// builds (plain, ThreadSanitizer, explored) in parallel.
    func build(_ recipe: BuildRecipe, rules: SubmissionRules?, into binaries: String) async throws -> BuildOutcome {
        let compiled = try await runner.withWorkDirectory { directory in
            try write(recipe.studentFiles + recipe.headers, into: directory)
            let results = try await runBuilds(recipe.flavors, in: directory) { recipe.compileScript(flavor: $0) }
            let step = try collectObjects(recipe, results: results, directory: directory)
            guard rules != nil, case .compiled(var objects) = step else { return step }
            objects.inspected = try await inspect(objects, of: recipe, directory: directory)
            return .compiled(objects)
        }
        let built: CompiledObjects
        switch compiled {
        case .failed(let messages): return .failed(messages)
        case .compiled(let objects): built = objects
        }
        let objects = built.objects
        let messages = built.messages
        if let rules {
            let violations = rules.violations(of: built.inspected)
            if !violations.isEmpty { return .refused(violations) }
        }
        return try await runner.withWorkDirectory { directory in
            let entry = SourceFile(
                name: BuildRecipe.entryFile,
                contents: String(decoding: PackageResources.pset_harness_entry_c, as: UTF8.self))
            try write(recipe.headers + recipe.support + [entry], into: directory)
            for (flavor, files) in objects {
                for (index, object) in files.enumerated() {
                    let path = "\(directory)/\(BuildRecipe.studentObject(flavor: flavor, index: index))"
                    try Data(object).write(to: URL(fileURLWithPath: path))
                }
            }
            // The explored build links the exploration library, which it must see where runs will find it.
            let mounts =
                recipe.explorationLibrary.map { [SandboxMount(hostPath: ($0 as NSString).deletingLastPathComponent)] }
                ?? []
            let results = try await runBuilds(recipe.flavors, in: directory, mounts: mounts) {
                recipe.linkScript(flavor: $0)
            }
            for flavor in recipe.flavors where !results[flavor]!.termination.isSuccess {
                let result = results[flavor]!
                if let limit = result.limitHit { return .failed("\(messages)\n\(limit.message)") }
                guard flavor == .plain else { throw Self.flavorFailed(flavor, result.standardErrorText) }
                return .failed(recipe.linkFailure(result.standardErrorText))
            }
            for flavor in recipe.flavors {
                for index in recipe.harnesses.indices where recipe.builds(index, as: flavor) {
                    let target = "\(binaries)/\(flavor.rawValue)-\(index)"
                    try? FileManager.default.removeItem(atPath: target)
                    try FileManager.default.copyItem(
                        atPath: "\(directory)/\(flavor.rawValue)/prog-\(index)", toPath: target)
                    chmod(target, 0o755)
                }
            }
            return .built(BuiltPrograms(directory: binaries, compilerOutput: messages))
        }
    }

    /// The student's compiled objects, by flavor, and what the plain build's disassembly found.
    private struct CompiledObjects: Sendable {
        var objects: [BuildRecipe.Flavor: [[UInt8]]]
        /// The plain objects read for the submission rules; empty when no rules apply.
        var inspected: [SubmissionRules.CompiledFile] = []
        var messages: String
    }

    /// How the compile step ended.
    private enum CompileStep: Sendable {
        case compiled(CompiledObjects)
        /// The compiler's messages, for the student.
        case failed(String)
    }

    /// The compile step's objects, or the compiler's complaint.
    private func collectObjects(
        _ recipe: BuildRecipe, results: [BuildRecipe.Flavor: SandboxResult], directory: String
    ) throws -> CompileStep {
        let plain = results[.plain]!
        let messages = recipe.readable(plain.standardErrorText, flavor: .plain)
        guard plain.termination.isSuccess else {
            let reason = plain.limitHit.map { "\n\($0.message)" } ?? ""
            return .failed(messages + reason)
        }
        for (flavor, result) in results where flavor != .plain && !result.termination.isSuccess {
            throw Self.flavorFailed(flavor, recipe.readable(result.standardErrorText, flavor: flavor))
        }
        var objects: [BuildRecipe.Flavor: [[UInt8]]] = [:]
        for flavor in recipe.flavors {
            var files: [[UInt8]] = []
            for (index, source) in recipe.studentSources.enumerated() {
                let path = "\(directory)/\(flavor.rawValue)/\(index).o"
                guard let object = try Self.contents(of: path, limit: Self.objectLimit) else {
                    return .failed("\(source) compiles to more than \(Self.objectLimit >> 20) MiB of object code")
                }
                files.append(object)
            }
            objects[flavor] = files
        }
        return .compiled(CompiledObjects(objects: objects, messages: messages))
    }

    /// The plain objects as the submission rules read them, each read once: its sections and symbols, and the
    /// functions in which `objdump` (in the sandbox) finds a system-call instruction. Only the objects whose code
    /// holds such bytes at all are disassembled, which most never do.
    private func inspect(
        _ compiled: CompiledObjects, of recipe: BuildRecipe, directory: String
    ) async throws -> [SubmissionRules.CompiledFile] {
        var files = try zip(recipe.studentSources, compiled.objects[.plain] ?? []).map { source, bytes in
            guard let object = ELFObject(bytes) else {
                throw GraderError("gcc wrote an object file for \(source) that is not ELF")
            }
            return SubmissionRules.CompiledFile(source: source, object: object, systemCalls: [])
        }
        let suspects = files.indices.filter { files[$0].object.mayHoldSystemCalls }
        guard !suspects.isEmpty else { return files }
        let results = try await runBuilds([.plain], in: directory) { _ in BuildRecipe.disassemblyScript(suspects) }
        guard results[.plain]?.termination.isSuccess == true else {
            throw GraderError(
                "objdump could not disassemble the submission: \(results[.plain]?.standardErrorText.prefix(300) ?? "")")
        }
        for index in suspects {
            let listing = try Self.contents(of: "\(directory)/plain/\(index).o.syscalls", limit: 1 << 16) ?? []
            files[index].systemCalls = String(decoding: listing, as: UTF8.self).split(separator: "\n").prefix(8).map {
                SubmissionRules.shown(String($0.trimmingCharacters(in: CharacterSet(charactersIn: "<>:"))))
            }
        }
        return files
    }

    /// The largest object file a submission's source may compile to; no C file of a task comes near it.
    static let objectLimit = 32 << 20

    /// A build that failed where the plain one worked: the grader's fault, never the submission's.
    private static func flavorFailed(_ flavor: BuildRecipe.Flavor, _ messages: String) -> GraderError {
        let name = flavor == .sanitized ? "ThreadSanitizer" : "explored"
        return GraderError("the \(name) build failed where the plain one worked: " + messages.prefix(500))
    }

    /// Runs one build script per flavor in `directory`, in parallel.
    private func runBuilds(
        _ flavors: [BuildRecipe.Flavor], in directory: String, mounts: [SandboxMount] = [],
        script: @escaping @Sendable (BuildRecipe.Flavor) -> String
    ) async throws -> [BuildRecipe.Flavor: SandboxResult] {
        try await withThrowingTaskGroup(of: (BuildRecipe.Flavor, SandboxResult).self) { group in
            for flavor in flavors {
                group.addTask {
                    let request = SandboxRequest(
                        executable: "/bin/sh", arguments: ["-c", script(flavor)], workDirectory: directory,
                        mounts: mounts, limits: SandboxLimits(cpuSeconds: 60, wallSeconds: 60, memoryBytes: 1 << 30))
                    return (flavor, try await limiter.withPermit { _ in try await runner.run(request) })
                }
            }
            var results: [BuildRecipe.Flavor: SandboxResult] = [:]
            for try await (flavor, result) in group { results[flavor] = result }
            return results
        }
    }

    private func write(_ files: [SourceFile], into directory: String) throws {
        for file in files {
            try Data(file.contents.utf8).write(to: URL(fileURLWithPath: "\(directory)/\(file.name)"))
        }
    }

    /// A file the sandbox wrote, or nil if it holds more than `limit` bytes, which are never read whole.
    private static func contents(of path: String, limit: Int) throws -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw GraderError("the build left no \(URL(fileURLWithPath: path).lastPathComponent)")
        }
        defer { try? handle.close() }
        let data = try handle.read(upToCount: limit + 1) ?? Data()
        return data.count <= limit ? Array(data) : nil
    }

    /// A file name a submission may use: a plain name, no directories, nothing the shell would interpret.
    static func isAcceptableFileName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && !name.hasPrefix(".") && !name.hasPrefix("-")
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }
}
