import PsetModel

/// What a submission's compiled code may contain, checked before any of it runs.
///
/// The tests run inside the submission's process, so a submission could otherwise end that process the way a
/// passing test does, replace the functions the harness reports through, silence the race detector, or read
/// what the grader keeps in memory. These rules close the doors that need no more than C: no code that runs
/// before or after the tests (constructors, destructors, indirect-function resolvers), no definition of a
/// name the C library, the race detector or the grader owns, no raw system calls, and no call outside the
/// task's allow-list.
package struct SubmissionRules: Sendable {
    var policy: CallPolicy
    /// Names a submission may not define: the exports of the libraries every program is linked with.
    var reservedNames: Set<String>
    /// Whether the submission is a whole program (it owns `main`) rather than functions the tests call.
    var ownsMain: Bool
    /// The header a library task's functions are declared in, for the refusal of a `main`.
    var headerNames: [String]

    package init(policy: CallPolicy, reservedNames: Set<String>, ownsMain: Bool, headerNames: [String]) {
        self.policy = policy
        self.reservedNames = reservedNames
        self.ownsMain = ownsMain
        self.headerNames = headerNames
    }

    /// One compiled source file of the submission.
    package struct CompiledFile: Sendable {
        var source: String
        var object: ELFObject
        /// Functions in which the disassembler found a system-call instruction.
        var systemCalls: [String]

        package init(source: String, object: ELFObject, systemCalls: [String]) {
            self.source = source
            self.object = object
            self.systemCalls = systemCalls
        }
    }

    /// Sections whose code the C runtime runs before `main` or after `exit`.
    static let startupSections = [".init_array", ".fini_array", ".preinit_array", ".ctors", ".dtors"]

    /// Every rule the files break, one line each, first by file.
    package func violations(of files: [CompiledFile]) -> [String] {
        var lines: [String] = []
        var defined = Set<String>()
        for file in files {
            for symbol in file.object.symbols where symbol.isDefined && symbol.isVisible { defined.insert(symbol.name) }
        }
        for file in files {
            lines += sectionViolations(file) + definitionViolations(file) + referenceViolations(file, defined: defined)
            if let function = file.systemCalls.first {
                lines.append(
                    "\(file.source) contains a system-call instruction (in `\(function)`): a submission reaches "
                        + "the kernel only through the C library")
            }
        }
        var seen = Set<String>()
        return lines.filter { seen.insert($0).inserted }
    }

    private func sectionViolations(_ file: CompiledFile) -> [String] {
        var lines: [String] = []
        for section in file.object.sections {
            let name = section.name
            if Self.startupSections.contains(where: { name == $0 || name.hasPrefix($0 + ".") })
                || name == ".init" || name == ".fini"
            {
                lines.append(
                    "\(file.source) has code that runs before or after the tests (a constructor or destructor, "
                        + "section `\(Self.shown(name))`): a submission's code may run only when the tests call it")
            } else if section.isExecutable, name != ".text", !name.hasPrefix(".text.") {
                lines.append(
                    "\(file.source) puts machine code in section `\(Self.shown(name))`: code belongs in `.text`")
            }
        }
        for symbol in file.object.symbols where symbol.type == ELFObject.Symbol.typeObject {
            if let section = file.object.section(of: symbol), section.isExecutable {
                lines.append(
                    "\(file.source) puts data (`\(Self.shown(symbol.name))`) among its machine code: "
                        + "a submission's code is what the compiler makes of its functions")
            }
        }
        return lines
    }

    private func definitionViolations(_ file: CompiledFile) -> [String] {
        var lines: [String] = []
        for symbol in file.object.symbols where symbol.isDefined && symbol.isVisible {
            let name = Self.shown(symbol.name)
            if symbol.type == ELFObject.Symbol.typeIndirectFunction {
                lines.append(
                    "\(file.source) defines `\(name)` as an indirect function, whose resolver runs before the "
                        + "tests: a submission's code may run only when the tests call it")
            } else if symbol.name.hasPrefix("_") {
                lines.append(
                    "\(file.source) defines `\(name)`: names that begin with an underscore belong to the C "
                        + "library and the tools; give it another name or make it `static`")
            } else if symbol.name.hasPrefix("pset_") {
                lines.append(
                    "\(file.source) defines `\(name)`: names that begin with `pset_` belong to the grader; "
                        + "give it another name or make it `static`")
            } else if symbol.name == "main", !ownsMain {
                lines.append(
                    "\(file.source) defines `main`: the tests provide `main`; submit only the functions of "
                        + "\(headerNames.joined(separator: ", ")) and your own helpers")
            } else if reservedNames.contains(symbol.name) {
                lines.append(
                    "\(file.source) defines `\(name)`, which the C library (or the grader's tools) already "
                        + "defines: a submission may not replace library functions; rename yours or make it `static`")
            }
        }
        return lines
    }

    private func referenceViolations(_ file: CompiledFile, defined: Set<String>) -> [String] {
        var lines: [String] = []
        for symbol in file.object.symbols
        where !symbol.isDefined && symbol.isVisible && !symbol.name.isEmpty && !defined.contains(symbol.name) {
            let name = Self.shown(symbol.name)
            switch policy.judge(symbol.name) {
            case .allowed:
                continue
            case .forbidden(let reason):
                lines.append("\(file.source) uses `\(name)`: \(reason)")
            case .notAllowed:
                lines.append(
                    "\(file.source) uses `\(name)`, which this task does not allow (it allows "
                        + "\(policy.allowedDescription))")
            }
        }
        return lines
    }

    /// A name as a one-line message may show it: printable ASCII, at most 80 characters.
    static func shown(_ name: String) -> String {
        let printable = String(
            name.unicodeScalars.prefix(80).map { $0.isASCII && $0.value >= 0x20 ? Character($0) : "?" })
        return name.unicodeScalars.count > 80 ? printable + "…" : printable
    }
}
