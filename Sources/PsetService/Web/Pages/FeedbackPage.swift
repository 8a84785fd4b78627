import PsetCourse
import PsetModel
import PsetStore

/// One attempt's feedback, exactly as the API gives it to the student: checks and messages, the failing
/// schedule's seed and replay command, the compiler's output and the submitted files highlighted; for an answer,
/// the response, and the answer and explanation once revealed.
enum FeedbackPage {
    static func render(_ feedback: AttemptFeedback, title: String, student: String, context: ServiceContext) -> HTML {
        let body: HTML
        if let result = feedback.submission {
            body = submission(result, files: feedback.files)
        } else if let result = feedback.answer {
            body = answer(result, response: feedback.response)
        } else {
            body = .empty
        }
        let back: HTML =
            context.person?.id == student
            ? "<p><a href=\"/\">Back to your work</a></p>"
            : "<p><a href=\"\(HTML.path("ta", "students", student))\">Back to \(student)</a></p>"
        return Layout.page(
            title: "Feedback: \(title)", context: context,
            body: """
                \(back)
                <h1>\(title) <span class="muted">attempt \(feedback.submission?.attempt ?? feedback.answer?.attempt ?? 0)\
                \(context.person?.id == student ? "" : " by \(student)")</span></h1>
                \(body)
                """)
    }

    static func submission(_ result: SubmitResult, files: [SourceFile]) -> HTML {
        let checks: [HTML] = result.checks.map { check in
            """
            <tr><th scope="row">\(check.name)\(check.hidden ? HTML(" <span class=\"tag\">hidden</span>") : .empty)</th>\
            <td class="\(check.passed ? "pass" : "fail")">\(check.passed ? "passed" : "failed")</td>\
            <td>\(check.message)</td></tr>
            """
        }
        let seed: HTML =
            result.seed.map { seed in
                """
                <h2>The failing schedule</h2>
                <p>Seed <code>\(seed)</code>. Replay it with:</p>
                <pre><code>\(result.replay ?? "pset submit \(result.id) FILE... --seed \(seed)")</code></pre>
                """
            } ?? .empty
        let traces: [HTML] = result.checks.compactMap { check in
            guard let trace = check.trace, !trace.isEmpty else { return nil }
            return """
                <h3>How \(check.name) failed: the schedule's last steps on your lines</h3>
                <ol class="trace">\(steps(trace))</ol>
                """
        }
        let compiler: HTML =
            result.compilerOutput.map { "<h2>Compiler output</h2><pre><code>\($0)</code></pre>" } ?? .empty
        let sources: [HTML] = files.map { file in
            let lines = max(1, file.contents.split(separator: "\n", omittingEmptySubsequences: false).count)
            let numbers = (1...lines).map(String.init).joined(separator: "\n")
            let code =
                file.name.hasSuffix(".c") || file.name.hasSuffix(".h")
                ? CHighlighter.highlight(file.contents) : HTML("\(file.contents)")
            return """
                <h3>\(file.name)</h3>
                <div class="source"><pre class="gutter" aria-hidden="true">\(numbers)</pre>\
                <pre><code>\(code)</code></pre></div>
                """
        }
        return """
            <p>Verdict: <strong class="\(result.verdict == .passed ? "pass" : "fail")">\(result.verdict.rawValue)</strong>; \
            score <strong>\(Gradebook.number(result.score)) / \(Gradebook.number(result.maxScore))</strong>\
            \(result.late ? HTML(" <span class=\"late\">late</span>") : .empty).</p>
            <h2>Checks</h2>
            <div class="scroll"><table><thead><tr><th scope="col">Test</th><th scope="col">Result</th>\
            <th scope="col">Message</th></tr></thead><tbody>\(checks)</tbody></table></div>
            \(seed)\(traces)\(compiler)
            <h2>Submitted files</h2>
            \(sources)
            """
    }

    /// A trace's steps, one item each, with a line where the turn passes to another thread and the steps left out
    /// counted where they were.
    static func steps(_ trace: [TraceStep]) -> [HTML] {
        var items: [HTML] = []
        var previous: Int?
        for step in trace {
            if let skipped = step.skipped {
                items.append("<li class=\"muted\">… \(skipped) more step\(skipped == 1 ? "" : "s")</li>")
            }
            if let previous, previous != step.thread {
                items.append("<li class=\"switch\">switch: T\(previous) → T\(step.thread)</li>")
            }
            items.append(
                "<li><strong>T\(step.thread)</strong> <code>\(step.file):\(step.line)</code> \(step.event)</li>")
            previous = step.thread
        }
        return items
    }

    static func answer(_ result: AnswerResult, response: String?) -> HTML {
        let revealed: HTML
        if result.revealed {
            revealed = """
                <h2>Answer</h2><p><code>\(result.answer?.description ?? "")</code></p>
                \(result.explanation.map { "<p>\($0)</p>" as HTML } ?? .empty)
                """
        } else {
            revealed = "<p class=\"muted\">The answer and explanation are shown once this problem reveals them.</p>"
        }
        return """
            <p>You answered <code>\(response ?? "")</code>: \
            <strong class="\(result.correct ? "pass" : "fail")">\(result.correct ? "correct" : "not correct")</strong>; \
            score <strong>\(Gradebook.number(result.score)) / \(Gradebook.number(result.maxScore))</strong>\
            \(result.late ? HTML(" <span class=\"late\">late</span>") : .empty).</p>
            \(revealed)
            """
    }
}
