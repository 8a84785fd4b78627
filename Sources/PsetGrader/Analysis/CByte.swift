/// The byte classes of C source text that the grader's hand-written scanners need.
enum CByte {
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (9...13).contains(byte)
    }

    /// A letter or underscore: what an identifier starts with.
    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || byte == UInt8(ascii: "_")
    }

    /// A letter, digit or underscore: what an identifier continues with.
    static func isWord(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// The index of the first byte at or after `position` that is not white space.
    static func skipSpaces(_ bytes: [UInt8], from position: Int) -> Int {
        bytes[position...].firstIndex { !isSpace($0) } ?? bytes.count
    }
}
