import Foundation
import Glibc

/// Private host directories the grader owns for the length of one job.
enum TemporaryDirectory {
    /// Creates a new directory under the system's temporary directory, readable by the sandbox's user.
    static func make(prefix: String) throws -> String {
        var template = Array((NSTemporaryDirectory() + "/\(prefix)-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw GraderError("cannot create a temporary directory: \(String(cString: strerror(errno)))")
        }
        let path = String(cString: made)
        chmod(path, 0o755)
        return path
    }

    /// Removes a directory and everything in it, ignoring what is already gone.
    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
