import Foundation

/// The bug class a failed check names, for counting what the class gets wrong.
///
/// The grader words every failure as "bug class: what happened" ("lost update: final value 197, ...",
/// "deadlock: both threads blocked in ...", "child process not reaped: ..."); a message that also names a race
/// behind the failure puts the concrete failure first, so the first phrase is the class.
public enum BugClass {
    /// The phrases the grader begins its messages with, as the class each names.
    static let known: [(prefix: String, name: String)] = [
        ("lost update", "lost update"), ("data race", "data race"), ("deadlock", "deadlock"),
        ("missed wake-up", "missed wake-up"), ("duplicated item", "duplicated item"),
        ("child process not reaped", "child not reaped"), ("shared-memory segment not removed", "segment not removed"),
        ("semaphore set not removed", "semaphore set not removed"),
        ("message queue not removed", "message queue not removed"), ("busy waiting", "busy waiting"),
        ("process structure", "process structure"), ("assertion failed", "assertion failed"), ("crash", "crash"),
        ("timed out", "timed out"), ("wrong output", "wrong output"),
    ]

    /// Verdicts that fail a submission before any test says why.
    public static let doesNotCompile = "does not compile"
    public static let notGraded = "could not be graded"

    /// The class a failed check's message names: a known leading phrase, else the words before its first colon
    /// when they are few, else "other failure".
    public static func of(_ message: String) -> String {
        let lowered = message.lowercased()
        if let match = known.first(where: { lowered.hasPrefix($0.prefix) }) { return match.name }
        if let colon = lowered.firstIndex(of: ":") {
            let phrase = lowered[..<colon].trimmingCharacters(in: .whitespaces)
            if !phrase.isEmpty, phrase.count <= 40, !phrase.contains("`") { return phrase }
        }
        return "other failure"
    }
}
