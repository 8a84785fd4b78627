import PsetSandbox

/// The output of the batch driver (`Runtime/pset_batch.c`), split back into one result per run.
enum BatchOutput {
    /// The longest header a record may have: `@@run <seed> <status> <code> <out> <err>` is well under it.
    static let maxHeaderBytes = 256

    /// One result per `@@run` record, in order; a record cut short, or one whose header does not parse, ends the
    /// list (the runs after it are not trusted to be framed right).
    static func parse(_ bytes: [UInt8], wallSeconds: Double) -> [SandboxResult] {
        var results: [SandboxResult] = []
        var position = 0
        while position < bytes.count {
            let window = bytes[position..<min(bytes.count, position + maxHeaderBytes)]
            guard let newline = window.firstIndex(of: UInt8(ascii: "\n")) else { break }
            let header = String(decoding: bytes[position..<newline], as: UTF8.self).split(separator: " ")
            guard header.count == 6, header[0] == "@@run", let code = Int32(header[3]),
                let outLength = Int(header[4]), let errLength = Int(header[5]), outLength >= 0, errLength >= 0,
                outLength <= bytes.count - (newline + 1), errLength <= bytes.count - (newline + 1) - outLength
            else { break }
            let outStart = newline + 1
            let errStart = outStart + outLength
            position = errStart + errLength
            let out = Array(bytes[outStart..<errStart])
            let err = Array(bytes[errStart..<position])
            let termination: SandboxTermination = header[2] == "signaled" ? .signaled(code) : .exited(code)
            let limit =
                header[2] == "timeout"
                ? SandboxLimitHit(
                    kind: .wall, message: "timed out: still running after the time limit of \(wallSeconds) s")
                : nil
            results.append(
                SandboxResult(
                    termination: header[2] == "timeout" ? .signaled(9) : termination, cpuSeconds: 0, wallSeconds: 0,
                    peakMemoryBytes: 0, standardOutput: out, standardOutputTruncated: false, standardError: err,
                    standardErrorTruncated: false, limitHit: limit,
                    processes: SandboxProcessRecord(tasksCreated: 0, aliveAtExit: 0, zombiesAtExit: 0),
                    ipc: SandboxIPCRecord(sharedMemorySegments: 0, semaphoreSets: 0, messageQueues: 0),
                    isolation: []))
        }
        return results
    }
}
