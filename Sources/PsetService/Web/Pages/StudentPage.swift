import Foundation
import PsetCourse
import PsetModel
import PsetStore

/// A student's home: each set with its due date in force and late rule, each problem's attempts and score,
/// and links to every attempt's feedback.
enum StudentPage {
    static func render(course: Course, student: Person, context: ServiceContext) throws -> HTML {
        let problems = try course.problems(for: student.id)
        let grades = course.grades(for: student.id, summaries: problems)
        let summaries = Dictionary(grouping: problems, by: \.set)
        let history = Dictionary(grouping: try course.history(for: student.id), by: \.id)
        let sets: [HTML] = try course.bank.sets.map { set in
            let due = try course.dueDate(of: set, for: student.id)
            let extended = due != nil && due != set.due
            let grade = grades.sets.first { $0.id == set.id }
            let rows: [HTML] = (summaries[set.id] ?? []).map { summary in
                let problem = course.bank.problem(summary.id)
                let limit = problem.flatMap { set.policy(for: $0).maxAttempts }
                let attempts: [HTML] = (history[summary.id] ?? []).map { attemptLink($0, student: nil) }
                return """
                    <tr><td>\(summary.title) <span class="muted">(\(summary.id))</span></td>\
                    <td>\(summary.kind == .code ? "coding task" : "question")</td>\
                    <td class="num">\(summary.attempts)\(limit.map { " of \($0)" } ?? "")</td>\
                    <td class="num">\(Gradebook.number(summary.score)) / \(Gradebook.number(summary.points))</td>\
                    <td>\(attempts.isEmpty ? "none yet" : HTML("\(attempts)"))</td></tr>
                    """
            }
            return """
                <section aria-labelledby="set-\(set.id)">
                <h2 id="set-\(set.id)">\(set.title)</h2>
                <p>Due \(due.map(HTML.date) ?? "whenever you like (no due date)")\
                \(extended ? " (extended for you)" : ""); \(set.latePolicy.text). \
                Score: <strong>\(Gradebook.number(grade?.score ?? 0)) / \(Gradebook.number(set.points))</strong>.</p>
                <div class="scroll"><table>
                <thead><tr><th scope="col">Problem</th><th scope="col">Kind</th><th scope="col" class="num">Attempts</th>\
                <th scope="col" class="num">Score</th><th scope="col">Feedback</th></tr></thead>
                <tbody>\(rows)</tbody></table></div>
                </section>
                """
        }
        return Layout.page(
            title: "Your work", context: context,
            body: """
                <h1>Your work, \(student.name)</h1>
                <p>Total: <strong>\(Gradebook.number(grades.score)) / \(Gradebook.number(grades.points))</strong> \
                (\(Gradebook.number(grades.percent))% weighted). Answer and submit with the <code>pset</code> command; \
                this page shows where you stand and what the grader said.</p>
                \(sets)
                """)
    }

    /// A link to one attempt's feedback, with its outcome; `student` is set when a TA looks at someone's work.
    static func attemptLink(_ entry: HistoryEntry, student: String?) -> HTML {
        let outcome: HTML
        if let correct = entry.correct {
            outcome = correct ? "<span class=\"pass\">correct</span>" : "<span class=\"fail\">wrong</span>"
        } else {
            let verdict = entry.verdict ?? "queued"
            outcome =
                "<span class=\"\(verdict == "passed" ? "pass" : verdict == "queued" ? "muted" : "fail")\">\(verdict)</span>"
        }
        let href =
            HTML.path("feedback", entry.id, String(entry.attempt)) + HTML.query(student.map { [("student", $0)] } ?? [])
        let score = entry.score.map { " \(Gradebook.number($0))/\(Gradebook.number(entry.maxScore))" } ?? ""
        return """
            <a href="\(href)">#\(entry.attempt)</a> \(outcome)\(score)\(entry.late ? HTML(" <span class=\"late\">late</span>") : .empty)<br>
            """
    }
}
