/// One step of a failing schedule, as the student wrote it: which thread ran which line, and what it did there.
///
/// A schedule's trace is a list of these, oldest first; a switch between threads is where `thread` changes.
public struct TraceStep: Sendable, Codable, Equatable {
    /// The runtime's number for the thread: 0 the main thread, then in the order threads were created.
    public var thread: Int
    /// The student's file (no directories) and line.
    public var file: String
    public var line: Int
    /// What the thread did: "reads c->value (5)", "writes c->value (6)", "waits for lock_b, held by T1".
    public var event: String
    /// How many steps (of any thread) ran between the step shown before it and this one, when some did.
    public var skipped: Int?

    public init(thread: Int, file: String, line: Int, event: String, skipped: Int? = nil) {
        self.thread = thread
        self.file = file
        self.line = line
        self.event = event
        self.skipped = skipped
    }
}
