import Foundation
import PsetCourse
import PsetModel

/// The words the student commands share for where a student stands: due dates, the late rule, attempts left,
/// and which attempt's score counts.
enum StandingText {
    /// "due 2026-12-11 23:59 UTC (in 9 days)", or "… (2 days ago)" once past.
    static func due(_ due: Date, now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm zzz"
        let seconds = due.timeIntervalSince(now)
        let span = spoken(abs(seconds))
        return "due \(formatter.string(from: due)) (" + (seconds >= 0 ? "in \(span)" : "\(span) ago") + ")"
    }

    /// "3 days", "5 hours", "12 minutes", "under a minute": the largest whole unit of a span.
    static func spoken(_ seconds: Double) -> String {
        guard seconds >= 60 else { return "under a minute" }
        let (count, unit): (Int, String) =
            seconds >= 86_400
            ? (Int(seconds / 86_400), "day")
            : seconds >= 3600 ? (Int(seconds / 3600), "hour") : (Int(seconds / 60), "minute")
        return "\(count) \(unit)\(count == 1 ? "" : "s")"
    }

    /// "2 of 3 attempts left" (or "2 attempts left" without `max`), when the problem limits attempts.
    static func attemptsLeft(_ left: Int?, of max: Int? = nil) -> String? {
        guard let left else { return nil }
        let count = left == 0 ? "no" : "\(left)"
        let limit = max.map { " of \($0)" } ?? ""
        return "\(count)\(limit) attempt\((max ?? left) == 1 ? "" : "s") left"
    }

    /// What the late rule did to an attempt: " (late by 2 days: 20% off, from 1/1)"; empty when on time.
    static func late(_ late: Bool, _ penalty: LatePenalty?, maxScore: Double, _ terminal: Terminal) -> String {
        guard late else { return "" }
        guard let penalty else { return terminal.yellow(" (late)") }
        let by = "late by \(penalty.days) day\(penalty.days == 1 ? "" : "s")"
        guard penalty.percentOff > 0 else { return terminal.yellow(" (\(by), no penalty)") }
        let off = LateRule.percentText(penalty.percentOff / 100)
        return terminal.yellow(" (\(by): \(off) off, from \(penalty.scoreBefore.decimalText)/\(maxScore.decimalText))")
    }

    /// The problem's score when it is not this attempt's: " — but your first attempt is the one that counts: 0/1".
    static func counted(
        score: Double, problemScore: Double?, scoring: ScoringPolicy?, maxScore: Double, _ terminal: Terminal
    ) -> String {
        guard let problemScore, let scoring, problemScore != score else { return "" }
        let total = "\(problemScore.decimalText)/\(maxScore.decimalText)"
        switch scoring {
        case .first: return terminal.bold(" — but your first attempt is the one that counts: \(total)")
        case .best: return terminal.bold(" — your best attempt counts: \(total)")
        case .last: return ""
        }
    }

    /// "Due 2026-12-11 23:59 UTC (in 9 days) · late: 10% off per day late", or "No due date".
    static func schedule(due date: Date?, rule: LateRule) -> String {
        guard let date else { return "No due date" }
        return "D" + due(date).dropFirst() + " · " + rule.text
    }

    /// "first attempt counts", "best attempt counts", "last attempt counts".
    static func scoring(_ policy: ScoringPolicy) -> String {
        "\(policy.rawValue) attempt counts"
    }
}
