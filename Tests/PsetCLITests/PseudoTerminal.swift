import Foundation
import Testing

/// A pseudo-terminal for a child's output, so that `pset` sees a terminal of a chosen width.
final class PseudoTerminal {
    let primary: Int32
    let secondary: FileHandle

    init(columns: UInt16) throws {
        // `openpty` is in glibc's libc (2.34 and later), but its header is not part of the Glibc module.
        typealias OpenPTY =
            @convention(c) (
                UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<CChar>?,
                UnsafeRawPointer?,
                UnsafePointer<winsize>?
            ) -> Int32
        guard let symbol = dlsym(nil, "openpty") else { throw POSIXError(.ENOSYS) }
        var size = winsize(ws_row: 50, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        var (primary, secondary): (Int32, Int32) = (-1, -1)
        guard unsafeBitCast(symbol, to: OpenPTY.self)(&primary, &secondary, nil, nil, &size) == 0 else {
            throw POSIXError(.ENODEV)
        }
        self.primary = primary
        self.secondary = FileHandle(fileDescriptor: secondary, closeOnDealloc: true)
    }

    /// Everything written to the terminal until every writer closed it, with the terminal's CR LF as LF.
    func readAll() -> String {
        try? secondary.close()
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(primary, &buffer, buffer.count)
            // EIO: the last writer closed its side.
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    }

    deinit { close(primary) }
}

extension PsetProcess {
    /// Runs pset with its standard output (or, with `standardError`, its standard error) on a terminal `columns` wide (the other stream to a pipe);
    /// returns what the terminal showed and the other stream.
    func runOnTerminal(
        _ arguments: [String], columns: UInt16, standardError onError: Bool = false
    ) throws -> (terminal: String, other: String, status: Int32) {
        let terminal = try PseudoTerminal(columns: columns)
        let pipe = Pipe()
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        var environment = environment
        environment.removeValue(forKey: "COLUMNS")
        process.environment = environment
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        if onError {
            (process.standardOutput, process.standardError) = (pipe, terminal.secondary)
        } else {
            (process.standardOutput, process.standardError) = (terminal.secondary, pipe)
        }
        try process.run()
        let shown = terminal.readAll()
        let other = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (shown, String(decoding: other, as: UTF8.self), process.terminationStatus)
    }
}
