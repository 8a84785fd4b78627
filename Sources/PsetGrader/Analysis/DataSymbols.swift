/// The program's variables with static storage (globals, `static` ones), by where they lie in the executable.
///
/// Read with `nm` from the symbol table of a binary the grader built; the submission chose the names, so
/// only the first ``maxSymbols`` are kept and each name is capped.
struct DataSymbols: Sendable {
    struct Symbol: Sendable {
        var offset: UInt64
        var size: UInt64
        var name: String
    }

    /// Sorted by offset.
    var symbols: [Symbol]

    static let maxSymbols = 65536

    init(binary: String) {
        let output = HostTool.output("/usr/bin/nm", ["-S", "--defined-only", binary]) ?? ""
        self.init(nmOutput: output)
    }

    /// Parses `nm -S` lines (`offset size type name`), keeping the sized symbols of data, bss and small data.
    init(nmOutput: String) {
        var symbols: [Symbol] = []
        for line in nmOutput.split(separator: "\n") where symbols.count < Self.maxSymbols {
            let words = line.split(separator: " ")
            guard words.count == 4, words[2].count == 1, "bBdDgGsS".contains(words[2]),
                let offset = UInt64(words[0], radix: 16), let size = UInt64(words[1], radix: 16), size > 0
            else { continue }
            symbols.append(
                Symbol(offset: offset, size: size, name: String(words[3].prefix(SanitizerWarning.maxNameLength))))
        }
        self.symbols = symbols.sorted { $0.offset < $1.offset }
    }

    /// The variable that holds `offset`, if one does.
    func symbol(containing offset: UInt64) -> Symbol? {
        var low = 0
        var high = symbols.count
        while low < high {
            let middle = (low + high) / 2
            if symbols[middle].offset <= offset { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let candidate = symbols[low - 1]
        return offset - candidate.offset < candidate.size ? candidate : nil
    }
}
