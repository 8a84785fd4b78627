/// The sections and symbols of a 64-bit little-endian ELF file, read without trusting a byte of it.
///
/// Submitted object files are the student's to shape (`__attribute__((section))`, symbol aliases, top-level
/// `asm`), so every offset and size is checked before use; a file that does not hold together is `nil`,
/// never a trap. Reading is linear in the file's size.
package struct ELFObject: Sendable {
    struct Section: Sendable, Equatable {
        var name: String
        var type: UInt32
        var flags: UInt64
        var size: UInt64
        /// Where its contents lie in the file; nil for a section with none there (`.bss`) or out of its bounds.
        var contents: Range<Int>?

        /// Whether the section holds machine code.
        var isExecutable: Bool { flags & 0x4 != 0 }
    }

    struct Symbol: Sendable, Equatable {
        var name: String
        var binding: Binding
        var type: UInt8
        /// The index of the section it is defined in; nil when it is undefined (a reference).
        var section: Int?

        enum Binding: Sendable, Equatable {
            case local, global, weak, unique, other
        }

        static let typeObject: UInt8 = 1
        static let typeFunction: UInt8 = 2
        static let typeSection: UInt8 = 3
        static let typeFile: UInt8 = 4
        static let typeIndirectFunction: UInt8 = 10

        var isDefined: Bool { section != nil }
        var isVisible: Bool { binding != .local }
    }

    var sections: [Section]
    /// The file, for the contents of its sections.
    let bytes: [UInt8]
    /// The static symbol table (`.symtab`), or the dynamic one (`.dynsym`) of a shared library without it.
    var symbols: [Symbol]
    /// The dynamic symbol table alone (a shared library's exports and imports).
    var dynamicSymbols: [Symbol]

    /// Limits no compiled C file reaches, which keep reading a crafted one linear and short.
    static let maximumSymbols = 1 << 16
    static let maximumNameLength = 1024

    static let sectionSymbolTable: UInt32 = 2
    static let sectionDynamicSymbols: UInt32 = 11

    /// Reads `bytes`, or nil if they are not a well-formed 64-bit little-endian ELF file.
    package init?(_ bytes: [UInt8]) {
        let file = Reader(bytes: bytes)
        guard bytes.count >= 64, bytes[0] == 0x7f, bytes[1] == 0x45, bytes[2] == 0x4c, bytes[3] == 0x46,
            bytes[4] == 2, bytes[5] == 1,
            let headerOffset = file.u64(at: 0x28), let entrySize = file.u16(at: 0x3a),
            let count = file.u16(at: 0x3c), let namesIndex = file.u16(at: 0x3e),
            entrySize >= 64, count > 0, Int(namesIndex) < Int(count)
        else { return nil }
        struct Header {
            var name: UInt32, type: UInt32, flags: UInt64, offset: UInt64, size: UInt64, link: UInt32, entrySize: UInt64
        }
        var headers: [Header] = []
        for index in 0..<Int(count) {
            guard let base = Self.offset(headerOffset, plus: UInt64(index) * UInt64(entrySize)),
                let name = file.u32(at: base), let type = file.u32(at: base + 4),
                let flags = file.u64(at: base + 8), let offset = file.u64(at: base + 0x18),
                let size = file.u64(at: base + 0x20), let link = file.u32(at: base + 0x28),
                let entry = file.u64(at: base + 0x38)
            else { return nil }
            headers.append(
                Header(name: name, type: type, flags: flags, offset: offset, size: size, link: link, entrySize: entry))
        }
        let names = headers[Int(namesIndex)]
        var sections: [Section] = []
        for header in headers {
            guard let name = file.string(in: names.offset, size: names.size, at: header.name) else { return nil }
            // SHT_NOBITS (8) occupies no bytes of the file.
            let inFile =
                header.type != 8 && header.offset <= UInt64(bytes.count)
                && header.size <= UInt64(bytes.count) - header.offset
            sections.append(
                Section(
                    name: name, type: header.type, flags: header.flags, size: header.size,
                    contents: inFile ? Int(header.offset)..<Int(header.offset + header.size) : nil))
        }
        func symbols(ofType type: UInt32) -> [Symbol]? {
            guard let table = headers.first(where: { $0.type == type }) else { return [] }
            guard table.entrySize >= 24, Int(table.link) < headers.count else { return nil }
            let strings = headers[Int(table.link)]
            var symbols: [Symbol] = []
            let total = table.size / table.entrySize
            guard total <= UInt64(Self.maximumSymbols) else { return nil }
            for index in 0..<Int(total) {
                guard let base = Self.offset(table.offset, plus: UInt64(index) * table.entrySize),
                    let nameOffset = file.u32(at: base), let info = file.u8(at: base + 4),
                    let sectionIndex = file.u16(at: base + 6),
                    let name = file.string(in: strings.offset, size: strings.size, at: nameOffset)
                else { return nil }
                let binding: Symbol.Binding =
                    switch info >> 4 {
                    case 0: .local
                    case 1: .global
                    case 2: .weak
                    case 10: .unique
                    default: .other
                    }
                symbols.append(
                    Symbol(
                        name: name, binding: binding, type: info & 0xf,
                        section: sectionIndex == 0 ? nil : Int(sectionIndex)))
            }
            return symbols
        }
        guard let dynamic = symbols(ofType: Self.sectionDynamicSymbols),
            let statics = symbols(ofType: Self.sectionSymbolTable)
        else { return nil }
        self.sections = sections
        self.bytes = bytes
        self.dynamicSymbols = dynamic
        self.symbols = statics.isEmpty ? dynamic : statics
    }

    /// Whether some executable section holds the bytes of a system-call instruction (`syscall` 0f 05,
    /// `sysenter` 0f 34, `int $0x80` cd 80) anywhere, aligned or not.
    ///
    /// Most compiled files hold none, and then no disassembly is needed; where one does (an instruction, or the
    /// same bytes inside a constant), only a disassembler can tell which.
    package var mayHoldSystemCalls: Bool {
        for section in sections where section.isExecutable {
            guard let range = section.contents, range.count >= 2 else { continue }
            for index in range.lowerBound..<(range.upperBound - 1) {
                let (first, second) = (bytes[index], bytes[index + 1])
                if (first == 0x0f && (second == 0x05 || second == 0x34)) || (first == 0xcd && second == 0x80) {
                    return true
                }
            }
        }
        return false
    }

    /// The section a defined symbol lives in, if its index names one.
    func section(of symbol: Symbol) -> Section? {
        guard let index = symbol.section, index < sections.count else { return nil }
        return sections[index]
    }

    private static func offset(_ base: UInt64, plus extra: UInt64) -> Int? {
        let (sum, overflow) = base.addingReportingOverflow(extra)
        guard !overflow, sum <= UInt64(Int.max) else { return nil }
        return Int(sum)
    }

    /// Bounds-checked little-endian reads.
    private struct Reader {
        let bytes: [UInt8]

        func u8(at offset: Int) -> UInt8? { offset >= 0 && offset < bytes.count ? bytes[offset] : nil }

        func unsigned(at offset: Int, width: Int) -> UInt64? {
            guard offset >= 0, width <= bytes.count, offset <= bytes.count - width else { return nil }
            var value: UInt64 = 0
            for index in (0..<width).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
            return value
        }

        func u16(at offset: Int) -> UInt16? { unsigned(at: offset, width: 2).map { UInt16($0) } }
        func u32(at offset: Int) -> UInt32? { unsigned(at: offset, width: 4).map { UInt32($0) } }
        func u64(at offset: Int) -> UInt64? { unsigned(at: offset, width: 8) }

        /// The NUL-terminated string at `index` of the string table at `tableOffset`, `tableSize` bytes long.
        func string(in tableOffset: UInt64, size tableSize: UInt64, at index: UInt32) -> String? {
            guard tableSize > 0, UInt64(index) < tableSize, tableOffset <= UInt64(bytes.count),
                tableSize <= UInt64(bytes.count) - tableOffset
            else { return index == 0 ? "" : nil }
            let start = Int(tableOffset) + Int(index)
            let end = min(Int(tableOffset + tableSize), start + ELFObject.maximumNameLength)
            guard let terminator = bytes[start..<end].firstIndex(of: 0) else { return nil }
            return String(decoding: bytes[start..<terminator], as: UTF8.self)
        }
    }
}
