/// A program's output as the grader's parsers read it: line by line, each line cut to a fixed number of bytes.
///
/// A submission writes whatever it likes, so no parser may spend more on a line than its cap, however the
/// line is shaped (no newline in a megabyte, one grapheme cluster of a million combining marks, invalid UTF-8):
/// the output is read once, a line's bytes beyond the cap are skipped unread, and what remains is decoded alone.
struct OutputLines: Sequence {
    /// The text's bytes: scanning an array costs a fraction of walking a string's views.
    var bytes: [UInt8]
    /// The most bytes of UTF-8 kept of one line.
    var maxLineBytes: Int

    init(_ text: String, maxLineBytes: Int = 2048) {
        self.bytes = Array(text.utf8)
        self.maxLineBytes = Swift.max(1, maxLineBytes)
    }

    func makeIterator() -> Iterator {
        Iterator(bytes: bytes, position: 0, maxLineBytes: maxLineBytes)
    }

    struct Iterator: IteratorProtocol {
        let bytes: [UInt8]
        var position: Int
        let maxLineBytes: Int

        /// The next line without its newline, at most `maxLineBytes` long; the text after a final newline is a
        /// last, empty line, as `split(separator:omittingEmptySubsequences: false)` would give.
        mutating func next() -> String? {
            guard position <= bytes.count else { return nil }
            let end = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let cut = end - position <= maxLineBytes ? end : position + maxLineBytes
            let line = String(decoding: bytes[position..<cut], as: UTF8.self)
            position = end + 1
            return line
        }
    }
}

extension String {
    /// At most `maxBytes` bytes of the start of the text, decoded again, for a message or a detail of bounded size.
    func prefix(bytes maxBytes: Int) -> String {
        guard utf8.count > maxBytes else { return self }
        return String(decoding: utf8.prefix(maxBytes), as: UTF8.self)
    }

    /// At most `maxBytes` bytes of the end of the text.
    func suffix(bytes maxBytes: Int) -> String {
        guard utf8.count > maxBytes else { return self }
        return String(decoding: utf8.suffix(maxBytes), as: UTF8.self)
    }
}

extension StringProtocol {
    /// The first occurrence of `marker`, found by a scan of the bytes: the standard library's searcher costs
    /// microseconds of set-up a call and a walk by characters, which a million short lines turn into seconds.
    func firstOccurrence(of marker: String) -> Range<Index>? {
        let pattern = marker.utf8
        guard let head = pattern.first, utf8.count >= pattern.count else { return nil }
        var start = utf8.startIndex
        while let found = utf8[start...].firstIndex(of: head) {
            if utf8[found...].starts(with: pattern) { return found..<utf8.index(found, offsetBy: pattern.count) }
            start = utf8.index(after: found)
        }
        return nil
    }
}
