import ArgumentParser
import PsetBank
import PsetModel

/// Shell completion of problem ids from the course's bank (the same bank a `pset serve` runs), so completing
/// never needs the server.
enum ProblemCompletion {
    /// Every problem's id.
    static let any = CompletionKind.custom { _, _, prefix in ids(startingWith: prefix) { _ in true } }
    /// The coding tasks' ids, for `start`, `submit` and `test`.
    static let coding = CompletionKind.custom { _, _, prefix in ids(startingWith: prefix) { $0 == .code } }
    /// The questions' ids, for `answer`.
    static let question = CompletionKind.custom { _, _, prefix in ids(startingWith: prefix) { $0 == .question } }

    /// The files a submission is made of.
    static let sources = CompletionKind.file(extensions: ["c", "h"])

    static func ids(startingWith prefix: String, where kind: (Problem.Kind) -> Bool) -> [String] {
        Bank.builtIn.problems.filter { kind($0.kind) && $0.id.hasPrefix(prefix) }.map(\.id)
    }
}
