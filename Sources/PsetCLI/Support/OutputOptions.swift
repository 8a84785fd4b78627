import ArgumentParser
import Foundation
import PsetCourse

/// `--json`: print exactly one JSON value on stdout instead of text.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print exactly one JSON value on stdout instead of text.")
    var json = false

    /// Prints a result: as JSON, or as the text `render` makes of it.
    func emit<Value: Encodable>(_ value: Value, text render: (Value, Terminal) -> String) throws {
        if json {
            FileHandle.standardOutput.write(try ViewCoding.encoder.encode(value) + Data("\n".utf8))
        } else {
            let text = render(value, .standardOutput)
            print(text.hasSuffix("\n") ? String(text.dropLast()) : text)
        }
    }
}
