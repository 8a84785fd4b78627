/// Server-side syntax highlighting of C: a small lexer that wraps comments, strings, characters, numbers,
/// preprocessor lines, keywords and types in spans with classes, and escapes everything.
///
/// It never fails: whatever a student submits (unterminated comments, stray bytes) comes out as escaped text,
/// at worst coloured wrongly.
enum CHighlighter {
    static let keywords: Set<String> = [
        "auto", "break", "case", "const", "continue", "default", "do", "else", "enum", "extern", "for", "goto",
        "if", "inline", "register", "restrict", "return", "sizeof", "static", "struct", "switch", "typedef",
        "union", "volatile", "while", "_Atomic", "_Bool", "_Noreturn", "_Static_assert", "_Thread_local",
    ]
    static let types: Set<String> = [
        "char", "double", "float", "int", "long", "short", "signed", "unsigned", "void", "bool", "size_t",
        "ssize_t", "pid_t", "key_t", "off_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t", "int8_t", "int16_t",
        "int32_t", "int64_t", "intptr_t", "uintptr_t", "pthread_t", "pthread_mutex_t", "pthread_cond_t",
        "pthread_attr_t", "sem_t", "FILE", "atomic_int", "atomic_long",
    ]

    /// The source as HTML: escaped text with highlighted tokens.
    static func highlight(_ source: String) -> HTML {
        let scalars = Array(source.unicodeScalars)
        var output = ""
        output.reserveCapacity(scalars.count * 2)
        var index = 0
        var lineStart = true
        func emit(_ kind: String?, _ range: Range<Int>) {
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[range])
            let escaped = HTML.escape(String(text))
            output += kind.map { "<span class=\"c-\($0)\">\(escaped)</span>" } ?? escaped
        }
        while index < scalars.count {
            let start = index
            let scalar = scalars[index]
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            if scalar == "/" && next == "/" {
                while index < scalars.count && scalars[index] != "\n" { index += 1 }
                emit("com", start..<index)
            } else if scalar == "/" && next == "*" {
                index += 2
                while index < scalars.count
                    && !(scalars[index] == "*" && index + 1 < scalars.count && scalars[index + 1] == "/")
                {
                    index += 1
                }
                index = min(scalars.count, index + 2)
                emit("com", start..<index)
            } else if scalar == "#" && lineStart {
                // A directive runs to the end of its line, across backslash continuations.
                while index < scalars.count && !(scalars[index] == "\n" && scalars[index - 1] != "\\") { index += 1 }
                emit("pp", start..<index)
            } else if scalar == "\"" || scalar == "'" {
                index += 1
                while index < scalars.count && scalars[index] != scalar && scalars[index] != "\n" {
                    index += scalars[index] == "\\" ? 2 : 1
                }
                index = min(scalars.count, index + 1)
                emit(scalar == "\"" ? "str" : "chr", start..<index)
            } else if scalar.properties.numericType != nil && scalar.isASCII {
                while index < scalars.count && (isIdentifier(scalars[index]) || scalars[index] == ".") { index += 1 }
                emit("num", start..<index)
            } else if isIdentifier(scalar) {
                while index < scalars.count && isIdentifier(scalars[index]) { index += 1 }
                var word = String.UnicodeScalarView()
                word.append(contentsOf: scalars[start..<index])
                let name = String(word)
                emit(keywords.contains(name) ? "kw" : types.contains(name) ? "ty" : nil, start..<index)
            } else {
                index += 1
                emit(nil, start..<index)
            }
            if scalar == "\n" {
                lineStart = true
            } else if scalar != " " && scalar != "\t" {
                lineStart = false
            }
        }
        return HTML(stringLiteral: output)
    }

    private static func isIdentifier(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || scalar == "_" || scalar.properties.numericType != nil)
    }
}
