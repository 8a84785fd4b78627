@_spi(Benchmarks) import PsetGrader

/// Measures what the grader's parsers cost on a mebibyte of output shaped to be hard for them.
///
/// Each figure is every parser that reads a run's output (scheduler lines, the assertion scanner, the
/// sanitizer report, the batch framing, struct names and gdb layouts, member accesses) on the same text.
enum ParserBenchmark {
    static func main(_ arguments: [String]) async throws {
        var runs = 5
        if let index = arguments.firstIndex(of: "--runs"), index + 1 < arguments.count,
            let value = Int(arguments[index + 1])
        {
            runs = max(value, 1)
        }
        print(
            "parse time of \(OutputParsing.size / 1024) KiB of output: median (and slowest) of \(runs) runs, after 1 warm-up"
        )
        var checksum = 0
        for (name, text) in OutputParsing.hostileShapes() {
            var times: [Duration] = []
            for index in 0...runs {
                let start = ContinuousClock.now
                checksum &+= OutputParsing.readAll(text)
                if index > 0 { times.append(ContinuousClock.now - start) }
            }
            times.sort()
            print(pad(name, 22) + pad(milliseconds(times[times.count / 2]), 12) + "(\(milliseconds(times.last!)))")
        }
        print("checksum \(checksum)")
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String((seconds * 10_000).rounded() / 10) + " ms"
    }
}
