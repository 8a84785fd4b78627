/// A parameterised declaration, kept so that each variant is drawn by running it again with other parameters.
public struct ProblemTemplate: Sendable {
    let id: String
    let form: ProblemAssembler.Form
    let location: SourceLocation
    let body: @Sendable (Parameters) -> [ProblemAttribute]

    /// The problem these parameters make, and what is wrong with its declaration for them.
    func assemble(_ parameters: Parameters) -> (problem: Problem, issues: [String]) {
        let assembler = ProblemAssembler(id, form, body(parameters), location)
        var problem = assembler.problem
        problem.template = self
        return (problem, parameters.issues + assembler.issues)
    }

    /// The declaration as a set lists it: the problem with every parameter at its first value.
    static func declare(
        _ id: String, _ form: ProblemAssembler.Form, _ location: SourceLocation,
        _ body: @escaping @Sendable (Parameters) -> [ProblemAttribute]
    ) -> SetAttribute {
        let (problem, issues) = ProblemTemplate(id: id, form: form, location: location, body: body)
            .assemble(Parameters(.first))
        return .problem(problem, issues: issues)
    }

    /// The index paths of every draw of the parameters (each the indices of the values drawn, in the order they
    /// are drawn), or `nil` when there are more than `limit`.
    ///
    /// A parameter's range may depend on another's value, so the space is walked as a tree: each run follows a
    /// path, taking the first value wherever the path ends, and queues the other values of every draw past it.
    func everyDraw(limit: Int) -> [[Int]]? {
        var paths: [[Int]] = []
        var pending: [[Int]] = [[]]
        while let prefix = pending.popLast() {
            let parameters = Parameters(.indexed(prefix))
            _ = body(parameters)
            let path = parameters.draws.map { $0.index ?? 0 }
            paths.append(path)
            if paths.count > limit { return nil }
            for position in (prefix.count..<path.count).reversed() where parameters.draws[position].count > 1 {
                for other in 1..<parameters.draws[position].count {
                    pending.append(Array(path[..<position]) + [other])
                }
            }
        }
        return paths
    }
}
