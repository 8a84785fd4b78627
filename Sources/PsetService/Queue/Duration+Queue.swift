import Foundation

extension Duration {
    /// "10 minutes", "1 minute", "3 seconds" or "300 milliseconds", for a message.
    public var spoken: String {
        let (seconds, attoseconds) = components
        func unit(_ count: Int64, _ name: String) -> String { "\(count) \(name)\(count == 1 ? "" : "s")" }
        if seconds >= 60, seconds % 60 == 0, attoseconds == 0 { return unit(seconds / 60, "minute") }
        if seconds >= 1 { return unit(seconds, "second") }
        return unit(attoseconds / 1_000_000_000_000_000, "millisecond")
    }

    /// The duration in seconds, for the store's dates.
    var seconds: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
