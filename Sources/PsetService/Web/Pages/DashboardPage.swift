import Foundation
import PsetCourse
import PsetModel
import PsetStore

/// The TA's home: the live queue, the exports, what the class gets wrong in each coding task, the problems,
/// and the gradebook, sorted on the server by the column the TA picks.
enum DashboardPage {
    /// How the gradebook is sorted: a column (`id`, `name`, `section`, `total`, or a set's id) and a direction.
    struct Sorting: Equatable {
        var column: String
        var descending: Bool

        init(column: String?, order: String?, sets: [String]) {
            let known = ["id", "name", "section", "total"] + sets
            self.column = column.flatMap { known.contains($0) ? $0 : nil } ?? "id"
            self.descending = order == "desc"
        }
    }

    static func render(
        course: Course, overview: (standings: [ClassStanding], mistakes: [TaskMistakes]), sorting: Sorting,
        context: ServiceContext
    ) throws -> HTML {
        let queue = try course.database.queueCounts()
        return Layout.page(
            title: "Dashboard", context: context,
            body: """
                <h1>Course dashboard</h1>
                <section aria-labelledby="queue"><h2 id="queue">Grading queue</h2>
                <p>\(queue.queued) queued, \(queue.running) running, \(queue.done) graded\
                \(queue.failed > 0 ? " (\(queue.failed) could not be graded)" : ""). \
                <a href="/">Refresh</a></p>\(jobs(try course.database.queuedJobs()))</section>
                \(mistakes(overview.mistakes))
                \(gradebook(overview.standings, sets: course.bank.sets, sorting: sorting))
                \(problems(course.bank))
                """)
    }

    /// The jobs being graded and waiting, then the latest the grader could not grade: whose, what, since when, where.
    static func jobs(_ jobs: [QueuedJob], limit: Int = 25) -> HTML {
        let active = jobs.filter { $0.state != .failed }
        let shown = Array((active + jobs.filter { $0.state == .failed }.reversed()).prefix(limit))
        guard !shown.isEmpty else { return .empty }
        let rows: [HTML] = shown.map { job in
            let feedback =
                HTML.path("feedback", job.problem, String(job.attempt)) + HTML.query([("student", job.student)])
            return """
                <tr><th scope="row"><a href="\(HTML.path("ta", "students", job.student))">\(job.student)</a></th>\
                <td><a href="\(feedback)">\(job.problem) #\(job.attempt)</a></td>\
                <td class="\(job.state == .failed ? "fail" : "")">\(job.state.rawValue)</td>\
                <td>\(job.since.formatted(.iso8601))</td><td>\(job.worker ?? "")</td></tr>
                """
        }
        let more = jobs.count - shown.count
        return """
            <div class="scroll"><table><thead><tr><th scope="col">Student</th><th scope="col">Attempt</th>\
            <th scope="col">State</th><th scope="col">Since</th><th scope="col">Worker</th></tr></thead>\
            <tbody>\(rows)</tbody></table></div>\(more > 0 ? HTML("<p class=\"muted\">\(more) more not shown.</p>") : .empty)
            """
    }

    /// For each coding task, how many students' latest submission fails with each bug class.
    static func mistakes(_ tasks: [TaskMistakes]) -> HTML {
        let rows: [HTML] = tasks.filter { !$0.mistakes.isEmpty }.map { task in
            let link = HTML.path("ta", "problems", task.id) + "#mistakes"
            let classes: [HTML] = task.mistakes.map { mistake in
                "<li><a href=\"\(link)\">\(mistake.bugClass)</a>: \(mistake.submissions.count) of \(task.submissions)</li>"
            }
            return """
                <h3><a href="\(HTML.path("ta", "problems", task.id))">\(task.title)</a> \
                <span class="muted">(\(task.id))</span></h3><ul>\(classes)</ul>
                """
        }
        return """
            <section aria-labelledby="wrong"><h2 id="wrong">What the class gets wrong</h2>
            <p class="muted">Students whose latest submission fails with each bug class, per coding task.</p>
            \(rows.isEmpty ? "<p>No failing submissions.</p>" as HTML : HTML("\(rows)"))</section>
            """
    }

    static func problems(_ bank: Bank) -> HTML {
        let sets: [HTML] = bank.sets.map { set in
            let items: [HTML] = set.problems.map { problem in
                """
                <li><a href="\(HTML.path("ta", "problems", problem.id))">\(problem.title)</a> \
                <span class="muted">(\(problem.id), \(problem.kind == .code ? "coding task" : "question"))</span></li>
                """
            }
            return "<details><summary>\(set.title) (\(set.problems.count))</summary><ul>\(items)</ul></details>"
        }
        return """
            <section aria-labelledby="problems"><h2 id="problems">Problems</h2>
            <p class="muted">Each problem's scores, attempts, tests and, for questions, the options chosen; open a set.</p>
            \(sets)</section>
            """
    }

    static func gradebook(_ standings: [ClassStanding], sets: [ProblemSet], sorting: Sorting) -> HTML {
        let sorted = sort(standings, by: sorting)
        func header(_ column: String, _ label: String, numeric: Bool) -> HTML {
            let active = sorting.column == column
            let next = active && !sorting.descending ? "desc" : "asc"
            let sortState = active ? (sorting.descending ? "descending" : "ascending") : "none"
            let arrow = active ? (sorting.descending ? " ▼" : " ▲") : ""
            return """
                <th scope="col" aria-sort="\(sortState)"\(numeric ? HTML(" class=\"num\"") : .empty)>\
                <a href="/\(HTML.query([("sort", column), ("order", next)]))#gradebook">\(label)\(arrow)</a></th>
                """
        }
        let headers: [HTML] =
            [
                header("id", "Student", numeric: false), header("name", "Name", numeric: false),
                header("section", "Section", numeric: false),
            ]
            + sets.map { header($0.id, $0.title, numeric: true) } + [header("total", "Total", numeric: true)]
        let rows: [HTML] = sorted.map { standing in
            let cells: [HTML] = standing.grades.sets.map { grade in
                let late: HTML = standing.lateSets.contains(grade.id) ? " <span class=\"late\">late</span>" : .empty
                return "<td class=\"num\">\(Gradebook.number(grade.score))\(late)</td>"
            }
            return """
                <tr><th scope="row"><a href="\(HTML.path("ta", "students", standing.person.id))">\(standing.person.id)</a></th>\
                <td>\(standing.person.name)</td><td>\(standing.person.section)</td>\(cells)\
                <td class="num">\(Gradebook.number(standing.grades.score)) \
                <span class="muted">(\(Gradebook.number(standing.grades.percent))%)</span></td></tr>
                """
        }
        return """
            <section aria-labelledby="gradebook"><h2 id="gradebook">Gradebook</h2>
            <p>\(standings.count) students. Download: <a href="/ta/export?format=csv" download>CSV</a>, \
            <a href="/ta/export?format=canvas" download>Canvas import</a>, \
            <a href="/ta/export?format=json" download>JSON</a>. Column headings sort the table; \
            <span class="late">late</span> marks a set with work handed in after its due date.</p>
            <div class="scroll"><table><thead><tr>\(headers)</tr></thead><tbody>\(rows)</tbody></table></div>
            </section>
            """
    }

    static func sort(_ standings: [ClassStanding], by sorting: Sorting) -> [ClassStanding] {
        func key(_ standing: ClassStanding) -> (text: String, number: Double) {
            switch sorting.column {
            case "id": (standing.person.id, 0)
            case "name": (standing.person.name.lowercased(), 0)
            case "section": (standing.person.section, 0)
            case "total": ("", standing.grades.score)
            default: ("", standing.grades.sets.first { $0.id == sorting.column }?.score ?? 0)
            }
        }
        let sorted = standings.sorted { a, b in
            let (ka, kb) = (key(a), key(b))
            if ka.text != kb.text { return ka.text < kb.text }
            if ka.number != kb.number { return ka.number < kb.number }
            return a.person.id < b.person.id
        }
        return sorting.descending ? sorted.reversed() : sorted
    }
}
