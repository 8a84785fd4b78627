import Foundation
import PsetCourse
import PsetModel
import Testing

@testable import PsetCLI

/// The text helpers on their own: wrapping between words, and the standing's phrases.
@Suite struct TextLayoutTests {
    @Test func wrappingBreaksBetweenWordsAndKeepsTheIndent() {
        let line = "  ✗ lost-updates: lost update: final value 793, expected 800 (4 threads adding 200 times each)"
        let wrapped = LineWrapper.wrap(line, width: 30).split(separator: "\n")
        #expect(wrapped.count > 2 && wrapped.allSatisfy { $0.count <= 30 && $0.hasPrefix("  ") })
        #expect(wrapped.joined(separator: " ").split(separator: " ") == line.split(separator: " "))
    }

    @Test func aWordLongerThanTheLineStaysWhole() {
        let path = "/home/student/" + String(repeating: "x", count: 50) + "/counter.c"
        #expect(LineWrapper.wrap("cannot read \(path) now", width: 20) == "cannot read\n\(path)\nnow")
    }

    @Test func colourCodesTakeNoColumns() {
        let red = "\u{1B}[31mFailed\u{1B}[0m"
        #expect(LineWrapper.columns(red) == 6)
        // 18 columns on screen, many more bytes.
        #expect(LineWrapper.wrap("\(red) — attempt 2", width: 18) == "\(red) — attempt 2")
        #expect(LineWrapper.wrap("\(red) — attempt 2", width: 17) == "\(red) — attempt\n2")
    }

    @Test func theLatePenaltyInWords() {
        let plain = Terminal(writingTo: -1)
        #expect(StandingText.late(false, nil, maxScore: 1, plain).isEmpty)
        let penalty = LatePenalty(days: 2, scoreBefore: 1, percentOff: 20)
        #expect(StandingText.late(true, penalty, maxScore: 1, plain) == " (late by 2 days: 20% off, from 1/1)")
        let free = LatePenalty(days: 1, scoreBefore: 1, percentOff: 0)
        #expect(StandingText.late(true, free, maxScore: 1, plain) == " (late by 1 day, no penalty)")
    }

    @Test func theScoreThatCountsIsNamedOnlyWhenItDiffers() {
        let plain = Terminal(writingTo: -1)
        #expect(StandingText.counted(score: 1, problemScore: 1, scoring: .first, maxScore: 1, plain).isEmpty)
        #expect(
            StandingText.counted(score: 1, problemScore: 0, scoring: .first, maxScore: 1, plain)
                == " — but your first attempt is the one that counts: 0/1")
        #expect(
            StandingText.counted(score: 0, problemScore: 2, scoring: .best, maxScore: 2, plain)
                == " — your best attempt counts: 2/2")
        #expect(StandingText.counted(score: 1, problemScore: nil, scoring: nil, maxScore: 1, plain).isEmpty)
        #expect(StandingText.attemptsLeft(2, of: 3) == "2 of 3 attempts left")
        #expect(StandingText.attemptsLeft(0) == "no attempts left")
        #expect(StandingText.attemptsLeft(nil) == nil)
    }

    @Test func dueDatesSayHowFarOffTheyAre() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(StandingText.spoken(30) == "under a minute")
        #expect(StandingText.spoken(2 * 3600 + 5) == "2 hours")
        #expect(StandingText.due(now.addingTimeInterval(86_400 * 3 + 10), now: now).hasSuffix("(in 3 days)"))
        #expect(StandingText.due(now.addingTimeInterval(-90), now: now).hasSuffix("(1 minute ago)"))
    }
}
