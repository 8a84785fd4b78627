import Foundation
import Glibc

/// The names the libraries linked into every graded program export, which a submission may not define.
///
/// A definition in the program comes before a shared library's in the dynamic linker's search, so a
/// submission defining `fprintf`, `pthread_create` or `malloc` would replace it for the tests and the tools
/// as well. Read once per grader from the host's own libraries (the ones the sandbox shows), with the scheduler
/// runtime that is preloaded into explored runs.
package actor LibraryExports {
    package static let shared = LibraryExports()

    /// The libraries whose exports are reserved, as gcc finds them.
    static let libraries = ["libc.so.6", "libtsan.so", "libgcc_s.so.1"]

    private var names: Set<String>?

    /// Every defined, visible dynamic symbol of the C library, ThreadSanitizer, libgcc and the scheduler runtime.
    package func reserved(runtimeLibrary: String) throws -> Set<String> {
        if let names { return names }
        var found = Set<String>()
        for path in try Self.libraries.map(Self.locate) + [runtimeLibrary] {
            guard let contents = FileManager.default.contents(atPath: path), let library = ELFObject(Array(contents))
            else { throw GraderError("cannot read the symbols of \(path)") }
            for symbol in library.dynamicSymbols where symbol.isDefined && symbol.isVisible && !symbol.name.isEmpty {
                found.insert(symbol.name)
            }
        }
        guard found.contains("fprintf"), found.contains("pthread_create") else {
            throw GraderError("the C library's symbols could not be read: fprintf and pthread_create are missing")
        }
        names = found
        return found
    }

    /// The file gcc links for `name`, with symbolic links resolved.
    private static func locate(_ name: String) throws -> String {
        let compiler = Process()
        compiler.executableURL = URL(fileURLWithPath: "/usr/bin/gcc")
        compiler.arguments = ["-print-file-name=\(name)"]
        let output = Pipe()
        compiler.standardOutput = output
        try compiler.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        compiler.waitUntilExit()
        let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard compiler.terminationStatus == 0, path.hasPrefix("/") else {
            throw GraderError("gcc cannot find \(name); is gcc with ThreadSanitizer's runtime (libtsan2) installed?")
        }
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }
}
