import Foundation
import PsetModel
import PsetSandbox

extension Grader {
    /// What the sandbox's records of a run say against the task's `Requires` lines, for a test with the
    /// `structure` check; a count the sandbox could not record fails nothing.
    static func structureProblem(
        _ result: SandboxResult, test: TaskTest, requirements: [StructureRequirement]
    ) -> (check: String, text: String)? {
        guard test.checks.contains(.structure) else { return nil }
        for requirement in requirements {
            guard let count = measured(requirement.measure, in: result),
                requirement.bound.admits(count, arguments: test.arguments) == false
            else { continue }
            let verb = requirement.measure == .childrenAtOnce ? "had" : "created"
            return (
                "structure",
                "process structure: the program \(verb) \(requirement.measure.describe(count)), but the task says: \"\(requirement.words)\""
            )
        }
        return nil
    }

    /// A run's count of `measure`, from the sandbox's records.
    private static func measured(_ measure: StructureRequirement.Measure, in result: SandboxResult) -> Int? {
        switch measure {
        case .children: result.processes.processesCreated.map { $0 - 1 }
        case .childrenAtOnce: result.processes.mostAtOnce.map { $0 - 1 }
        case .pipes: result.ipc.pipesCreated
        case .sockets: result.ipc.socketsCreated
        case .segments: result.ipc.segmentsCreated
        }
    }
}
