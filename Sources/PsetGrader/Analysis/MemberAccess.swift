/// Finds the first member access (`a->b`, `a.b`, `a->b.c`) on a line of C, in one pass without backtracking.
enum MemberAccess {
    /// The first `identifier (-> | .) identifier ...` on `line`, with the spaces around the operators as written.
    static func first(in line: String) -> String? {
        all(in: line, limit: 1).first
    }

    /// Every such chain on `line`, left to right, at most `limit` of them.
    static func all(in line: String, limit: Int = 16) -> [String] {
        let bytes = Array(line.utf8)
        var found: [String] = []
        var index = 0
        while index < bytes.count, found.count < limit {
            guard CByte.isWord(bytes[index]) else {
                index += 1
                continue
            }
            // A run of word bytes: an identifier starts at its first letter or underscore (as `[A-Za-z_]\w*`).
            let runEnd = bytes[index...].firstIndex { !CByte.isWord($0) } ?? bytes.count
            guard let start = bytes[index..<runEnd].firstIndex(where: CByte.isIdentifierStart) else {
                index = runEnd
                continue
            }
            let end = chain(bytes, from: runEnd)
            if end > runEnd { found.append(String(decoding: bytes[start..<end], as: UTF8.self)) }
            index = max(end, runEnd)
        }
        return found
    }

    /// The end of the member accesses that follow an identifier ending at `position`, or `position` if none does.
    private static func chain(_ bytes: [UInt8], from position: Int) -> Int {
        var end = position
        var cursor = position
        while true {
            cursor = CByte.skipSpaces(bytes, from: cursor)
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ".") {
                cursor += 1
            } else if cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: "-"),
                bytes[cursor + 1] == UInt8(ascii: ">")
            {
                cursor += 2
            } else {
                return end
            }
            cursor = CByte.skipSpaces(bytes, from: cursor)
            guard cursor < bytes.count, CByte.isIdentifierStart(bytes[cursor]) else { return end }
            cursor = bytes[cursor...].firstIndex { !CByte.isWord($0) } ?? bytes.count
            end = cursor
        }
    }
}
