import PsetCourse
import PsetModel

/// How the class did on one problem: score histogram, attempts, each test's pass rate, the bug classes of the
/// latest submissions with links to them, and for a question the options chosen.
enum ProblemPage {
    static func render(_ statistics: ProblemStatistics, context: ServiceContext) -> HTML {
        let histogram = BarChart(
            title: "Score in force, in tenths of the points",
            bars: statistics.scoreHistogram.enumerated().map { index, count in
                .init(label: index == 9 ? "90–100%" : "\(index * 10)%", value: count, highlighted: index == 9)
            })
        let attempts = BarChart(
            title: "Attempts per student",
            bars: statistics.attemptCounts.enumerated().map { .init(label: "\($0.offset)", value: $0.element) })
        let attempted = statistics.students - (statistics.attemptCounts.first ?? 0)
        return Layout.page(
            title: statistics.title, context: context,
            body: """
                <p><a href="/">Back to the dashboard</a></p>
                <h1>\(statistics.title) <span class="muted">(\(statistics.id))</span></h1>
                <p>\(attempted) of \(statistics.students) students attempted it; worth \
                \(Gradebook.number(statistics.points)) points.</p>
                <div class="charts">
                <figure><figcaption>Score histogram (students who attempted it)</figcaption>\(histogram.svg)</figure>
                <figure><figcaption>Attempts distribution</figcaption>\(attempts.svg)</figure>
                </div>
                \(choices(statistics))\(tests(statistics))\(mistakes(statistics))
                """)
    }

    static func choices(_ statistics: ProblemStatistics) -> HTML {
        guard !statistics.choices.isEmpty else { return .empty }
        let chart = BarChart(
            title: "Options chosen in the latest answers",
            bars: statistics.choices.map { .init(label: $0.key, value: $0.count, highlighted: $0.correct) })
        let rows: [HTML] = statistics.choices.map { choice in
            """
            <tr><th scope="row">\(choice.key)</th><td>\(choice.text)\(choice.correct ? HTML(" <span class=\"pass\">(correct)</span>") : .empty)</td>\
            <td class="num">\(choice.count)</td></tr>
            """
        }
        return """
            <h2>Options chosen</h2>
            <p class="muted">Each student's latest answer, in the bank's keys (students see their own order).</p>
            <figure><figcaption>Options chosen</figcaption>\(chart.svg)</figure>
            <div class="scroll"><table><thead><tr><th scope="col">Key</th><th scope="col">Option</th>\
            <th scope="col" class="num">Students</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
    }

    static func tests(_ statistics: ProblemStatistics) -> HTML {
        guard !statistics.tests.isEmpty else { return .empty }
        let rows: [HTML] = statistics.tests.map { test in
            let percent = test.submissions == 0 ? 0 : 100 * test.passed / test.submissions
            return """
                <tr><th scope="row">\(test.name)</th><td>\(test.hidden ? "hidden" : "public")</td>\
                <td class="num">\(test.passed) of \(test.submissions)</td>\
                <td><meter min="0" max="100" value="\(percent)" aria-label="\(test.name): \(percent)% pass">\
                \(percent)%</meter> \(percent)%</td></tr>
                """
        }
        return """
            <h2>Pass rate of each test</h2>
            <p class="muted">Among the students' latest submissions.</p>
            <div class="scroll"><table><thead><tr><th scope="col">Test</th><th scope="col">Kind</th>\
            <th scope="col" class="num">Passed</th><th scope="col">Rate</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
    }

    static func mistakes(_ statistics: ProblemStatistics) -> HTML {
        guard statistics.kind == .code else { return .empty }
        let groups: [HTML] = statistics.mistakes.map { mistake in
            let items: [HTML] = mistake.submissions.map { submission in
                let href =
                    HTML.path("feedback", statistics.id, String(submission.attempt))
                    + HTML.query([("student", submission.student)])
                return """
                    <li><a href="\(href)">\(submission.student), attempt \(submission.attempt)</a>: \
                    <span class="muted">\(submission.message)</span></li>
                    """
            }
            return """
                <details><summary><strong>\(mistake.bugClass)</strong>: \(mistake.submissions.count) \
                student\(mistake.submissions.count == 1 ? "" : "s")</summary><ul>\(items)</ul></details>
                """
        }
        return """
            <h2 id="mistakes">What the class gets wrong</h2>
            <p class="muted">Students whose latest submission fails with each bug class; open one to see the \
            submissions.</p>
            \(groups.isEmpty ? "<p>No failing submissions.</p>" as HTML : HTML("\(groups)"))
            """
    }
}
