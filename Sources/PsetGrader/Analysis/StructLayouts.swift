import Foundation
import PsetModel

/// The layouts of the structs a program declares, read from its debug information with gdb's `ptype /o`.
struct StructLayouts: Sendable {
    /// A struct's name, total size and top-level fields.
    struct Layout: Sendable {
        var name: String
        var size: Int
        var fields: [(offset: Int, size: Int, name: String)]
    }

    var layouts: [Layout]

    /// The most structs asked of gdb: a program's own structs are a handful, a submission's thousands are noise.
    static let maxStructs = 64

    /// Reads the layout of every `struct NAME {` declared in `sources` from `binary`.
    init(binary: String, sources: [SourceFile]) {
        var names: [String] = []
        var seen = Set<String>()
        for source in sources {
            for name in Self.declaredStructs(in: source.contents) where names.count < Self.maxStructs {
                if seen.insert(name).inserted { names.append(name) }
            }
        }
        // gdb fails the batch when the last struct is unknown to it (declared in code compiled out), yet prints
        // the others: its output is used whatever its status.
        guard !names.isEmpty,
            let output = HostTool.output(
                "/usr/bin/gdb", ["-batch", "-nx"] + names.flatMap { ["-ex", "ptype /o struct \($0)"] } + [binary],
                requireSuccess: false)
        else {
            layouts = []
            return
        }
        layouts = Self.parse(output)
    }

    init(layouts: [Layout]) {
        self.layouts = layouts
    }

    /// The struct and field of `blockSize` bytes of heap memory at `offset`, preferring fields named in `hints`.
    func field(blockSize: Int, offset: Int, hints: [String]) -> String? {
        guard blockSize > 0, offset >= 0 else { return nil }
        var candidates: [String] = []
        for layout in layouts where layout.size > 0 && blockSize % layout.size == 0 {
            let inner = offset % layout.size
            if let field = layout.fields.last(where: { $0.offset <= inner && inner - $0.offset < max($0.size, 1) }) {
                candidates.append("struct \(layout.name).\(field.name)")
                if hints.contains(where: { Self.mentions($0, field: field.name) }) {
                    return "struct \(layout.name).\(field.name)"
                }
            }
        }
        return candidates.count == 1 ? candidates[0] : nil
    }

    private static func mentions(_ code: String, field: String) -> Bool {
        code.contains("->\(field)") || code.contains(".\(field)")
    }

    /// The `NAME` of every `struct NAME {` in a source, in order, found in one pass.
    static func declaredStructs(in source: String) -> [String] {
        let bytes = Array(source.utf8)
        let keyword = Array("struct".utf8)
        var names: [String] = []
        var index = 0
        while let found = bytes[index...].firstIndex(of: keyword[0]) {
            index = found + 1
            guard bytes[found...].starts(with: keyword), found == 0 || !CByte.isWord(bytes[found - 1]) else { continue }
            var cursor = found + keyword.count
            let spaces = CByte.skipSpaces(bytes, from: cursor)
            guard spaces > cursor, spaces < bytes.count, CByte.isIdentifierStart(bytes[spaces]) else { continue }
            let nameEnd = bytes[spaces...].firstIndex { !CByte.isWord($0) } ?? bytes.count
            cursor = CByte.skipSpaces(bytes, from: nameEnd)
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "{") {
                names.append(String(decoding: bytes[spaces..<nameEnd], as: UTF8.self))
            }
            index = nameEnd
        }
        return names
    }

    /// Reads gdb's `ptype /o` output: a line per field, `/* OFFSET[: BIT] | SIZE */ DECLARATION`, nested
    /// structs between `{` and `} NAME;`, and a total size before each struct's closing brace.
    static func parse(_ output: String) -> [Layout] {
        var layouts: [Layout] = []
        var current: Layout?
        var depth = 0
        /// A struct nested in the current one's top level, named only by its closing line.
        var nested: (offset: Int, size: Int)?
        for line in OutputLines(output, maxLineBytes: 1024) {
            let trimmed = line.drop { $0 == " " }
            if let start = line.firstOccurrence(of: "type = struct ") {
                let name = line[start.upperBound...].prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
                current = name.isEmpty ? nil : Layout(name: String(name), size: 0, fields: [])
                depth = 1
                nested = nil
                continue
            }
            guard current != nil else { continue }
            if let total = trimmed.firstOccurrence(of: "/* total size (bytes):") {
                if depth == 1,
                    let size = Int(trimmed[total.upperBound...].drop { $0 == " " }.prefix(while: \.isASCIIDigit))
                {
                    current?.size = size
                }
            } else if let field = FieldLine(trimmed) {
                if depth == 1, field.declaration.hasSuffix(";"), let name = Self.fieldName(field.declaration.dropLast())
                {
                    current?.fields.append((field.offset, field.size, name))
                }
                if field.declaration.hasSuffix("{") {
                    if depth == 1 { nested = (field.offset, field.size) }
                    depth += 1
                }
            } else if trimmed.hasPrefix("}") {
                depth -= 1
                let closing = trimmed.dropFirst()
                if depth == 1, let opened = nested,
                    let name = Self.fieldName(closing.hasSuffix(";") ? closing.dropLast() : closing)
                {
                    current?.fields.append((opened.offset, opened.size, name))
                    nested = nil
                }
                if depth == 0, let finished = current {
                    layouts.append(finished)
                    current = nil
                }
            }
        }
        return layouts
    }

    /// The name a C declaration declares: `int a[4][2]` is `a`, `unsigned f : 3` is `f`, `void (*fn)(int)` is `fn`.
    private static func fieldName(_ declaration: Substring) -> String? {
        var text = declaration
        if let pointer = text.firstOccurrence(of: "(*") {
            text = text[pointer.upperBound...].prefix { $0 != ")" }
        }
        if let bits = text.firstOccurrence(of: " : ") { text = text[..<bits.lowerBound] }
        if let bracket = text.firstIndex(of: "[") { text = text[..<bracket] }
        let name = text.split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) }.last
        return name.map(String.init)
    }

    /// One `/* OFFSET[: BIT] | SIZE */ DECLARATION` line.
    private struct FieldLine {
        var offset: Int
        var size: Int
        var declaration: Substring

        init?(_ line: Substring) {
            guard line.hasPrefix("/*") else { return nil }
            var rest = line.dropFirst(2).drop { $0 == " " }
            let offsetDigits = rest.prefix(while: \.isASCIIDigit)
            guard let offset = Int(offsetDigits) else { return nil }
            rest = rest[offsetDigits.endIndex...]
            if rest.hasPrefix(":") { rest = rest.dropFirst().drop { $0 == " " }.drop(while: \.isASCIIDigit) }
            rest = rest.drop { $0 == " " }
            guard rest.hasPrefix("|") else { return nil }
            rest = rest.dropFirst().drop { $0 == " " }
            let sizeDigits = rest.prefix(while: \.isASCIIDigit)
            guard let size = Int(sizeDigits) else { return nil }
            rest = rest[sizeDigits.endIndex...].drop { $0 == " " }
            guard rest.hasPrefix("*/") else { return nil }
            self.offset = offset
            self.size = size
            declaration = rest.dropFirst(2).drop { $0 == " " }
        }
    }
}

extension Character {
    /// 0 to 9, and nothing else that Unicode calls a number.
    var isASCIIDigit: Bool { isASCII && isNumber }
}
