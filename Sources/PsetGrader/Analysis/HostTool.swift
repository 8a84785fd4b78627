import Foundation

/// Runs a trusted host tool (addr2line, gdb) on a binary the grader built, for symbols and layouts.
///
/// The binary is built from a submission, whose debug information can be as large and as strange as its
/// author likes: the tool gets a wall limit and its output a cap, past which it is killed and the answer is nil.
enum HostTool {
    /// How long a tool may run.
    static let wallSeconds = 10.0
    /// The most bytes of output read from a tool.
    static let maxOutputBytes = 1 << 20

    /// The tool's standard output, or nil when it could not run, ran out of time or output, or failed (unless
    /// `requireSuccess` is false: then its output counts whatever its status).
    static func output(_ executable: String, _ arguments: [String], requireSuccess: Bool = true) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let pid = process.processIdentifier
        let overtime = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + wallSeconds, execute: overtime)
        var data = Data()
        while data.count <= maxOutputBytes {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            data.append(chunk)
        }
        if data.count > maxOutputBytes { kill(pid, SIGKILL) }
        process.waitUntilExit()
        overtime.cancel()
        guard data.count <= maxOutputBytes, process.terminationReason == .exit,
            !requireSuccess || process.terminationStatus == 0
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
