import Glibc

/// The process that owns something the sandbox leaves on the host while it works: a workspace, a cgroup,
/// a grader's directory.
///
/// Their names carry it as `PREFIX-OWNER-RANDOM`, the owner written `PID.START` (the start time in clock
/// ticks since boot), so that a process starting later can remove what a process that died left, and
/// never what one still running owns, even when the dead one's PID has been reused. Every grader of one
/// process shares one owner, so graders never remove each other's work.
public struct ResourceOwner: Sendable, Hashable, CustomStringConvertible {
    /// The process's PID as `/proc` numbers it.
    public let pid: pid_t
    /// When the process started, in clock ticks since boot.
    public let startTime: UInt64

    /// Creates an owner from its PID and start time.
    public init(pid: pid_t, startTime: UInt64) {
        self.pid = pid
        self.startTime = startTime
    }

    /// This process.
    public static let current: ResourceOwner = {
        guard let stat = Stat(path: "/proc/self/stat") else {
            return ResourceOwner(pid: getpid(), startTime: 0)
        }
        return ResourceOwner(pid: stat.pid, startTime: stat.startTime)
    }()

    /// The running process `pid`, or nil if there is none.
    public init?(runningProcess pid: pid_t) {
        guard let stat = Stat(path: "/proc/\(pid)/stat"), stat.state != "Z", stat.state != "X" else { return nil }
        self.init(pid: stat.pid, startTime: stat.startTime)
    }

    /// The owner written in a name laid out as `PREFIX-OWNER-RANDOM`, if it has one.
    public init?(inName name: some StringProtocol) {
        let fields = name.split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count >= 3 else { return nil }
        let parts = fields[fields.count - 2].split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let pid = pid_t(parts[0]), pid > 0, let start = UInt64(parts[1]) else { return nil }
        self.init(pid: pid, startTime: start)
    }

    public var description: String { "\(pid).\(startTime)" }

    /// Whether the owner is still running: a process with its PID and start time exists and has not exited.
    public var isRunning: Bool {
        self == Self.current || ResourceOwner(runningProcess: pid) == self
    }

    /// The fields of `/proc/PID/stat` an owner needs.
    private struct Stat {
        var pid: pid_t
        var state: Character
        var startTime: UInt64

        /// Reads the file; nil if it is gone or does not parse.
        init?(path: String) {
            guard let text = RunCgroups.read(path),
                let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"),
                let pid = pid_t(text[..<open].trimmingSuffix(" "))
            else { return nil }
            // After the command's closing parenthesis: state (field 3), ..., starttime (field 22).
            let fields = text[text.index(after: close)...].split(separator: " ")
            guard fields.count > 19, let state = fields[0].first, let start = UInt64(fields[19]) else { return nil }
            self.pid = pid
            self.state = state
            self.startTime = start
        }
    }
}

extension Substring {
    /// The text without the given character repeated at its end.
    fileprivate func trimmingSuffix(_ character: Character) -> Substring {
        var text = self
        while text.last == character { text.removeLast() }
        return text
    }
}
