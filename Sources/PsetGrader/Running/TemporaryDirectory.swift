import Foundation
import Glibc
import PsetSandbox

/// Private host directories the grader owns for the length of one job, such as the built binaries of a
/// submission (which hold the hidden tests' harnesses).
///
/// They live in one parent directory only the grader's user may enter: runs still see them through
/// the sandbox's mounts, no other user of the host does. Their names carry their owner, so that a
/// grader starting later removes what one that died left.
enum TemporaryDirectory {
    /// The parent of every grader directory of this user.
    static var parent: String {
        var temporary = NSTemporaryDirectory()
        while temporary.count > 1, temporary.hasSuffix("/") { temporary.removeLast() }
        return "\(temporary)/pset-grader-\(geteuid())"
    }

    /// Creates a new directory named `PREFIX-OWNER-RANDOM` in ``parent``.
    static func make(prefix: String) throws -> String {
        let parent = try prepareParent()
        var template = Array("\(parent)/\(prefix)-\(ResourceOwner.current)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw GraderError("cannot create a temporary directory: \(String(cString: strerror(errno)))")
        }
        let path = String(cString: made)
        // Runs enter it by its mount, as the sandbox's user; the parent keeps everyone else out.
        chmod(path, 0o755)
        return path
    }

    /// Removes a directory and everything in it, ignoring what is already gone.
    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Removes the directories of graders that are no longer running; never those of a running one.
    static func removeAbandoned() {
        let parent = parent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for name in names {
            guard let owner = ResourceOwner(inName: name), !owner.isRunning else { continue }
            remove("\(parent)/\(name)")
        }
    }

    /// The parent, created if missing, refused unless it is a real directory of this user closed to others.
    private static func prepareParent() throws -> String {
        let parent = parent
        if mkdir(parent, 0o700) != 0, errno != EEXIST {
            throw GraderError("cannot create \(parent): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard lstat(parent, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == geteuid(),
            info.st_mode & 0o077 == 0
        else {
            throw GraderError("\(parent) must be a directory only the user running the grader may enter")
        }
        return parent
    }
}
