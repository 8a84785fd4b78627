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

    /// Reads the layout of every `struct NAME {` declared in `sources` from `binary`.
    init(binary: String, sources: [SourceFile]) {
        var names: [String] = []
        for source in sources {
            for match in source.contents.matches(of: /struct\s+([A-Za-z_]\w*)\s*\{/)
            where !names.contains(String(match.1)) {
                names.append(String(match.1))
            }
        }
        guard !names.isEmpty,
            let output = HostTool.output(
                "/usr/bin/gdb", ["-batch", "-nx"] + names.flatMap { ["-ex", "ptype /o struct \($0)"] } + [binary])
        else {
            layouts = []
            return
        }
        layouts = Self.parse(output)
    }

    /// The struct and field of `blockSize` bytes of heap memory at `offset`, preferring fields named in `hints`.
    func field(blockSize: Int, offset: Int, hints: [String]) -> String? {
        var candidates: [String] = []
        for layout in layouts where layout.size > 0 && blockSize % layout.size == 0 {
            let inner = offset % layout.size
            if let field = layout.fields.last(where: { $0.offset <= inner && inner < $0.offset + max($0.size, 1) }) {
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

    private static func parse(_ output: String) -> [Layout] {
        var layouts: [Layout] = []
        var current: Layout?
        var depth = 0
        for line in output.split(separator: "\n") {
            if let match = line.firstMatch(of: /type = struct (\w+) \{/) {
                current = Layout(name: String(match.1), size: 0, fields: [])
                depth = 1
                continue
            }
            guard current != nil else { continue }
            if let match = line.firstMatch(of: /total size \(bytes\):\s*(\d+)/), depth == 1 {
                current?.size = Int(match.1) ?? 0
            } else if let match = line.firstMatch(of: /\/\*\s*(\d+)(?::\s*\d+)?\s*\|\s*(\d+)\s*\*\/\s*(.*)$/) {
                let declaration = match.3
                if depth == 1, declaration.hasSuffix(";"),
                    let name = declaration.dropLast().replacing(/\[.*\]/, with: "").split(whereSeparator: {
                        !$0.isLetter && !$0.isNumber && $0 != "_"
                    }).last
                {
                    current?.fields.append((Int(match.1) ?? 0, Int(match.2) ?? 0, String(name)))
                }
                if declaration.hasSuffix("{") { depth += 1 }
            } else if line.contains("}") {
                depth -= 1
                if depth == 0, let finished = current {
                    layouts.append(finished)
                    current = nil
                }
            }
        }
        return layouts
    }
}
