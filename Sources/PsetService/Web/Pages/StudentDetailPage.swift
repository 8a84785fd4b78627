import Foundation
import PsetCourse
import PsetModel
import PsetStore

/// One student as a TA sees them: identity, grades per set with the due date in force (extensions marked),
/// and every attempt with a link to its feedback and files.
enum StudentDetailPage {
    static func render(course: Course, student: Person, context: ServiceContext) throws -> HTML {
        let grades = try course.grades(for: student.id)
        let history = try course.history(for: student.id)
        let titles = Dictionary(uniqueKeysWithValues: course.bank.problems.map { ($0.id, $0.title) })
        let sets: [HTML] = try course.bank.sets.map { set in
            let due = try course.dueDate(of: set, for: student.id)
            let grade = grades.sets.first { $0.id == set.id }
            let extended: HTML =
                due != nil && due != set.due ? " <span class=\"tag\">extension</span>" : .empty
            return """
                <tr><th scope="row">\(set.title)</th><td>\(due.map(HTML.date) ?? "none")\(extended)</td>\
                <td class="num">\(Gradebook.number(grade?.score ?? 0)) / \(Gradebook.number(set.points))</td>\
                <td class="num">\(grade?.attempted ?? 0) of \(grade?.problems ?? 0)</td></tr>
                """
        }
        let attempts: [HTML] = history.reversed().map { entry in
            """
            <tr><td>\(HTML.date(entry.at))</td><td>\(titles[entry.id] ?? entry.id)</td>\
            <td>\(StudentPage.attemptLink(entry, student: student.id))</td></tr>
            """
        }
        return Layout.page(
            title: student.name, context: context,
            body: """
                <p><a href="/">Back to the dashboard</a></p>
                <h1>\(student.name) <span class="muted">(\(student.id))</span></h1>
                <p>\(student.email.isEmpty ? "no email" : student.email); section \
                \(student.section.isEmpty ? "none" : student.section). Total \
                <strong>\(Gradebook.number(grades.score)) / \(Gradebook.number(grades.points))</strong> \
                (\(Gradebook.number(grades.percent))%).</p>
                <h2>Sets and extensions</h2>
                <div class="scroll"><table><thead><tr><th scope="col">Set</th><th scope="col">Due for this student</th>\
                <th scope="col" class="num">Score</th><th scope="col" class="num">Attempted</th></tr></thead>\
                <tbody>\(sets)</tbody></table></div>
                <h2>Attempts, newest first</h2>
                \(attempts.isEmpty ? "<p>No attempts yet.</p>" as HTML : HTML("""
                    <div class="scroll"><table><thead><tr><th scope="col">When</th><th scope="col">Problem</th>\
                    <th scope="col">Outcome and feedback</th></tr></thead><tbody>\(attempts)</tbody></table></div>
                    """))
                """)
    }
}
