import Foundation
import PsetModel
import PsetSandbox

extension Grader {
    /// How a build ended: programs to run, or the compiler's messages.
    enum BuildOutcome: Sendable {
        case built(BuiltPrograms)
        case failed(String)
    }

    /// Compiles the recipe's programs (plain, and with ThreadSanitizer where asked) in the sandbox, the two builds
    /// in parallel, and copies the binaries into `binaries`.
    func build(_ recipe: BuildRecipe, into binaries: String) async throws -> BuildOutcome {
        try await runner.withWorkDirectory { directory in
            for file in recipe.studentFiles + recipe.givenFiles {
                try Data(file.contents.utf8).write(to: URL(fileURLWithPath: "\(directory)/\(file.name)"))
            }
            let flavors = recipe.flavors
            // The explored build links the exploration library, which it must see where runs will find it.
            let mounts =
                recipe.explorationLibrary.map { [SandboxMount(hostPath: ($0 as NSString).deletingLastPathComponent)] }
                ?? []
            let results = try await withThrowingTaskGroup(of: (BuildRecipe.Flavor, SandboxResult).self) { group in
                for flavor in flavors {
                    group.addTask {
                        let request = SandboxRequest(
                            executable: "/bin/sh", arguments: ["-c", recipe.script(flavor: flavor)],
                            workDirectory: directory, mounts: mounts,
                            limits: SandboxLimits(cpuSeconds: 60, wallSeconds: 60, memoryBytes: 1 << 30))
                        return (flavor, try await limiter.withPermit { _ in try await runner.run(request) })
                    }
                }
                var results: [BuildRecipe.Flavor: SandboxResult] = [:]
                for try await (flavor, result) in group { results[flavor] = result }
                return results
            }
            let plain = results[.plain]!
            let messages = recipe.readable(plain.standardErrorText, flavor: .plain)
            guard plain.termination.isSuccess else {
                let reason = plain.limitHit.map { "\n\($0.message)" } ?? ""
                return .failed(messages + reason)
            }
            for flavor in flavors where flavor != .plain && !results[flavor]!.termination.isSuccess {
                throw GraderError(
                    "the \(flavor == .sanitized ? "ThreadSanitizer" : "explored") build failed where the plain one worked: "
                        + recipe.readable(results[flavor]!.standardErrorText, flavor: flavor).prefix(500))
            }
            for flavor in flavors {
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

    /// A file name a submission may use: a plain name, no directories, nothing the shell would interpret.
    static func isAcceptableFileName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && !name.hasPrefix(".") && !name.hasPrefix("-")
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }
}
