/// Breaks one line of text between words to fit a width, counting what a terminal shows (colour codes take
/// no columns); a word longer than the width stays whole on a line of its own.
enum LineWrapper {
    static func wrap(_ line: String, width: Int) -> String {
        guard columns(line) > width else { return line }
        let indent = String(line.prefix { $0 == " " })
        let available = max(1, width - indent.count)
        var lines: [String] = []
        var current = ""
        for word in line.dropFirst(indent.count).split(separator: " ") {
            if current.isEmpty {
                current = String(word)
            } else if columns(current) + 1 + columns(Substring(word)) <= available {
                current += " " + word
            } else {
                lines.append(indent + current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(indent + current) }
        return lines.joined(separator: "\n")
    }

    /// The columns a terminal uses for `text`: its characters without the escape sequences that colour them.
    static func columns(_ text: some StringProtocol) -> Int {
        var count = 0
        var escaping = false
        for character in text {
            if escaping {
                if character.isLetter { escaping = false }
            } else if character == "\u{1B}" {
                escaping = true
            } else {
                count += 1
            }
        }
        return count
    }

    /// `text` cut to at most `width` columns, for a line rewritten in place (a longer one would wrap, and the
    /// rewrite would clear only its last row).
    static func truncated(_ text: String, width: Int) -> String {
        guard columns(text) > width else { return text }
        return String(text.prefix(max(0, width - 1))) + "…"
    }
}
