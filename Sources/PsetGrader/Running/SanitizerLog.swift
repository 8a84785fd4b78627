import Foundation
import Glibc
import PsetSandbox

/// A directory of a run's work directory where ThreadSanitizer writes its reports (`log_path`), or the scheduler
/// runtime its trace (`PSET_SCHED_EVENTS`).
///
/// The submission shares the process with the race detector, so its standard error is the submission's to
/// write, close or fill with forged reports; the files here are written by the detector alone, and a
/// library task's code has no call that opens a file.
struct SanitizerLog: Sendable {
    /// The directory on the host.
    let hostDirectory: String
    /// The `log_path` as the run sees it; the detector appends `.PID` to it.
    let sandboxPath: String

    /// The most of the reports read: ThreadSanitizer's own reports are a few kilobytes each.
    static let readLimit = 1 << 20

    /// Creates a fresh log directory in `workDirectory`, which runs see at ``Sandbox/workPath``.
    init(in workDirectory: String, test: String) throws {
        let name = ".pset-tsan-\(UInt64.random(in: 0...UInt64.max))"
        hostDirectory = "\(workDirectory)/\(name)"
        sandboxPath = "\(Sandbox.workPath)/\(name)/report"
        // Writable and searchable by the sandbox's user, whose uid the grader does not choose; not listable.
        guard mkdir(hostDirectory, 0o733) == 0, chmod(hostDirectory, 0o733) == 0 else {
            throw GraderError("cannot create a report directory for \(test): \(String(cString: strerror(errno)))")
        }
    }

    /// Every report written, in file-name order, at most ``readLimit`` bytes of them.
    func read() -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: hostDirectory).sorted()) ?? []
        var text = Data()
        for name in names where text.count < Self.readLimit {
            guard let handle = FileHandle(forReadingAtPath: "\(hostDirectory)/\(name)") else { continue }
            text += (try? handle.read(upToCount: Self.readLimit - text.count)) ?? Data()
            try? handle.close()
        }
        return String(decoding: text, as: UTF8.self)
    }
}
