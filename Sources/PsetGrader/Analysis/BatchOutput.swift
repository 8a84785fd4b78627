import PsetSandbox

/// The output of the batch driver (`Runtime/pset_batch.c`), split back into one result per run.
enum BatchOutput {
    /// One result per `@@run` record, in order; a record cut short ends the list.
    static func parse(_ bytes: [UInt8], wallSeconds: Double) -> [SandboxResult] {
        var results: [SandboxResult] = []
        var position = 0
        while position < bytes.count {
            guard let newline = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            let header = String(decoding: bytes[position..<newline], as: UTF8.self).split(separator: " ")
            guard header.count == 6, header[0] == "@@run", let code = Int32(header[3]),
                let outLength = Int(header[4]), let errLength = Int(header[5]),
                newline + 1 + outLength + errLength <= bytes.count
            else { break }
            let out = Array(bytes[(newline + 1)..<(newline + 1 + outLength)])
            let err = Array(bytes[(newline + 1 + outLength)..<(newline + 1 + outLength + errLength)])
            position = newline + 1 + outLength + errLength
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
