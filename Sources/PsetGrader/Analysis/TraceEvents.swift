/// The steps the scheduler runtime kept of a traced run (`Runtime/pset_sched_trace.c`), as it wrote them.
///
/// The file is the runtime's own, but the program shares its process, so it is read like anything else a run
/// produces: at most ``maxBytes``, lines capped at ``maxLineBytes``, every number checked, at most
/// ``maxEvents`` kept.
struct TraceEvents: Sendable {
    /// One thing a thread did, at the call or access `pc`.
    struct Event: Sendable {
        /// Its place among every step the runtime recorded, from 1; steps between two events were not kept.
        var sequence: Int
        var kind: String
        var thread: Int
        /// `module|0xoffset` of the access or call (a return address).
        var pc: String
        /// `module|0xoffset` of a global, the bare address of other memory, or `-`.
        var address: String
        /// Bytes of `value` known, 0 when it is not.
        var size: Int
        var value: UInt64
        /// A blocked thread's operation and holder, a created or joined thread, a semaphore's value.
        var other: Int
        /// The run (from one switch to the next) it belongs to, numbered from 1 in the order they ran.
        var run: Int
        /// A write over an update: the value this thread had read, the one it overwrote, and that one's writer
        /// (-1 when unknown).
        var lost: LostUpdate?
    }

    /// A write based on a stale read: another thread changed the location after this one read it.
    struct LostUpdate: Sendable, Equatable {
        var readBefore: Int64
        var overwritten: Int64
        var writer: Int
    }

    var events: [Event]

    static let maxBytes = 1 << 18
    static let maxLineBytes = 1024
    /// The runtime keeps 68 runs of at most 10 steps each.
    static let maxEvents = 1024

    init(text: String) {
        var events: [Event] = []
        var run = (thread: -1, number: 0)
        var lastSequence = 0
        for line in text.utf8.prefix(Self.maxBytes).split(separator: UInt8(ascii: "\n")) {
            guard events.count < Self.maxEvents else { break }
            let words = String(decoding: line.prefix(Self.maxLineBytes), as: UTF8.self).split(separator: " ")
            if words.count == 3, words[0] == "@@run", let thread = Int(words[1]), let number = Int(words[2]),
                thread >= 0, number > run.number
            {
                run = (thread, number)
                continue
            }
            // Every number checked, and the steps in the order they ran, or the line is not the runtime's.
            guard words.count == 12, words[0] == "@@event", let sequence = Int(words[1]), sequence > lastSequence,
                let thread = Int(words[3]), thread == run.thread, let size = Int(words[6]), (0...8).contains(size),
                let value = UInt64(words[7], radix: 16), let other = Int(words[8]), let writer = Int(words[9]),
                let readBefore = UInt64(words[10], radix: 16), let overwritten = UInt64(words[11], radix: 16)
            else { continue }
            lastSequence = sequence
            let lost =
                writer >= -1 && size > 0
                ? LostUpdate(
                    readBefore: ScheduleStory.signed(readBefore, size: size),
                    overwritten: ScheduleStory.signed(overwritten, size: size), writer: writer) : nil
            events.append(
                Event(
                    sequence: sequence, kind: String(words[2]), thread: thread, pc: String(words[4]),
                    address: String(words[5]), size: size, value: value, other: other, run: run.number, lost: lost))
        }
        self.events = events
    }
}
