import PsetModel

/// The text of a failing schedule's trace: one step a line, a line at each switch between threads, and what was
/// left out counted where it was.
func traceText(_ steps: [TraceStep], indent: String, _ terminal: Terminal) -> [String] {
    guard !steps.isEmpty else { return [] }
    var lines = [indent + "how the schedule failed (its last steps on your lines):"]
    var previous: Int?
    for step in steps {
        if let skipped = step.skipped {
            lines.append(indent + "  " + terminal.dim("… \(skipped) more step\(skipped == 1 ? "" : "s")"))
        }
        if let previous, previous != step.thread {
            lines.append(indent + "  " + terminal.dim("── switch: T\(previous) → T\(step.thread) ──"))
        }
        lines.append(indent + "  T\(step.thread)  \(step.file):\(step.line)  \(step.event)")
        previous = step.thread
    }
    return lines
}
