import ArgumentParser
import Foundation
import PsetCourse

/// `--json`: print exactly one JSON value on stdout instead of text.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print exactly one JSON value on stdout instead of text.")
    var json = false

    /// Prints a result: as JSON, or as the text `render` makes of it, wrapped to the terminal's width unless
    /// `wrap` is false (text that wraps itself, around what must keep its lines, such as source files).
    func emit<Value: Encodable>(_ value: Value, wrap: Bool = true, text render: (Value, Terminal) -> String) throws {
        if json {
            FileHandle.standardOutput.write(try ViewCoding.encoder.encode(value) + Data("\n".utf8))
        } else {
            let terminal = Terminal.standardOutput
            let rendered = render(value, terminal)
            let text = wrap ? terminal.wrapped(rendered) : rendered
            print(text.hasSuffix("\n") ? String(text.dropLast()) : text)
        }
    }
}
