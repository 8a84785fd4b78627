import Foundation
import PsetModel

/// A ThreadSanitizer report in a student's words: which variable, which two lines, which threads.
struct RaceReport: Sendable {
    /// "data race on `struct counter.value` (counter.c:21 vs counter.c:17): ..."
    var summary: String
    /// The raw report, kept as detail for those who want it.
    var raw: String
    /// Whether the report is about locks taken in opposite orders rather than a data race.
    var isLockOrderInversion = false

    /// The most bytes of the warnings' text kept as the raw report.
    static let maxRawBytes = 64 * 1024
    /// The most bytes of a source line looked at for the expression it races on.
    static let maxHintBytes = 512

    /// The report of a run, or nil when ThreadSanitizer found nothing.
    ///
    /// - Parameters:
    ///   - output: the run's standard error.
    ///   - studentFiles: the names of the submitted files, whose lines are the ones worth naming.
    ///   - sources: every source and header of the build, for source lines and struct names.
    ///   - binary: the ThreadSanitizer build, for struct layouts.
    init?(output: String, studentFiles: Set<String>, sources: [SourceFile], binary: String) {
        let warnings = SanitizerWarning.parse(output).filter { !$0.accesses.isEmpty }
        guard !warnings.isEmpty else { return nil }
        func ownFrame(_ access: SanitizerWarning.Access) -> CodeLocation? {
            access.frames.first { $0.file.map(studentFiles.contains) ?? false }
                ?? access.frames.first { $0.file?.hasSuffix(".c") ?? false }
                ?? access.frames.first
        }
        let involvesStudent = { (warning: SanitizerWarning) in
            warning.accesses.contains { $0.frames.contains { $0.file.map(studentFiles.contains) ?? false } }
        }
        let races = warnings.filter { $0.title.hasPrefix("data race") }
        let chosen =
            races.first(where: involvesStudent) ?? warnings.first(where: involvesStudent) ?? races.first ?? warnings[0]
        let places = chosen.accesses.prefix(2).map(ownFrame)
        let lines = places.map { $0?.fileLine ?? "?" }
        let between = lines.count == 2 ? "(\(lines[0]) vs \(lines[1]))" : "(\(lines.first ?? "?"))"
        let more =
            warnings.count > 1
            ? " (\(warnings.count - 1) more warning\(warnings.count > 2 ? "s" : "") in the details)" : ""
        raw = warnings.map(\.text).joined(separator: "\n\n").prefix(bytes: Self.maxRawBytes)
        if chosen.title.hasPrefix("data race") {
            let hints = places.compactMap { $0.flatMap { Self.sourceLine($0, in: sources) } }
            let variable = Self.variable(of: chosen, hints: hints, binary: binary, sources: sources)
            let who = zip(chosen.accesses.prefix(2), places).map { access, place in
                "\(access.thread) \(Self.verb(access.kind))\(place.map { " in \($0.function)" } ?? "")"
            }
            summary = "data race on \(variable) \(between): \(who.joined(separator: " while "))\(more)"
        } else if chosen.title.hasPrefix("lock-order-inversion") {
            isLockOrderInversion = true
            summary = "potential deadlock: two mutexes are locked in opposite orders \(between)\(more)"
        } else {
            summary = "\(chosen.title) \(between)\(more)"
        }
    }

    private static func verb(_ kind: String) -> String {
        switch kind.lowercased() {
        case "read": "reads it"
        case "write": "writes it"
        case "atomic read": "reads it atomically"
        case "atomic write": "writes it atomically"
        default: "locks"
        }
    }

    /// The raced-on variable: a global's name, a struct field of a heap object, or the expression on the line.
    private static func variable(
        of warning: SanitizerWarning, hints: [String], binary: String, sources: [SourceFile]
    ) -> String {
        switch warning.location {
        case .global(let name):
            return "`\(name)`"
        case .stack(let thread):
            return "a local variable of \(thread)"
        case .heap(let base, let size):
            // The report is the submission's output: an address outside its block is a forgery, not a field.
            let address = warning.accesses.first?.address ?? base
            let offset = address >= base && address - base < UInt64(max(size, 0)) ? Int(address - base) : nil
            if let offset,
                let field = StructLayouts(binary: binary, sources: sources).field(
                    blockSize: size, offset: offset, hints: hints)
            {
                return "`\(field)`"
            }
            if let expression = hints.lazy.compactMap(MemberAccess.first).first { return "`\(expression)`" }
            return offset.map { "a heap object (byte \($0) of a \(size)-byte block)" } ?? "a heap object"
        case .other, nil:
            if let expression = hints.lazy.compactMap(MemberAccess.first).first { return "`\(expression)`" }
            return "shared memory"
        }
    }

    private static func sourceLine(_ location: CodeLocation, in sources: [SourceFile]) -> String? {
        guard let file = location.file, let line = location.line,
            let source = sources.first(where: { $0.name == file })
        else { return nil }
        guard line >= 1 else { return nil }
        var lines = OutputLines(source.contents, maxLineBytes: maxHintBytes).makeIterator()
        for _ in 1..<line where lines.next() == nil { return nil }
        return lines.next()
    }
}
