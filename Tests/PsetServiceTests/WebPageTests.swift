import Foundation
import HTTPTypes
import HummingbirdTesting
import PsetCourse
import PsetModel
import PsetService
import PsetStore
import Testing

@Suite("Web pages", .timeLimit(.minutes(1)))
struct WebPageTests {
    let setup: TestCourse
    let server: PsetServer

    init() throws {
        setup = try TestCourse()
        server = PsetServer(course: setup.course, configuration: ServerConfiguration(port: 0, workers: 1))
    }

    /// A submission graded on the spot by the test course's fake grader: `mutex` in it passes.
    func submit(_ contents: String, by student: String) async throws {
        _ = try await setup.course.submit(
            "week/counter", files: [SourceFile(name: "counter.c", contents: contents)], by: student)
    }

    @Test("Signed out, / is the sign-in page posting `token` to /login; a wrong token gets it again with a 401")
    func signInPage() async throws {
        try await server.application().test(.router) { client in
            let page = try await client.page(.get, "/")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text.contains("<form method=\"post\" action=\"/login\">"))
            #expect(page.text.contains("name=\"token\""))
            let wrong = try await client.page(.post, "/login", form: "token=pset_wrong")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("This token is not valid"))
            #expect(wrong.text.contains("action=\"/login\""))
            #expect(wrong.headers[.setCookie] == nil)
            let empty = try await client.page(.post, "/login", form: "")
            #expect(empty.status == .unauthorized)
        }
    }

    @Test("Signing in sets an HttpOnly, SameSite=Strict cookie, Secure only over TLS, and redirects home")
    func cookieFlags() async throws {
        try await server.application().test(.router) { client in
            let plain = try await client.page(.post, "/login", form: "token=\(setup.alice)")
            #expect(plain.status == .seeOther)
            #expect(plain.headers[.location] == "/")
            let cookie = try #require(plain.headers[.setCookie])
            #expect(cookie.hasPrefix("pset_session="))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"))
            let proxied = try await client.page(
                .post, "/login", form: "token=\(setup.alice)", headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            #expect(proxied.headers[.setCookie]?.contains("; Secure") == true)
            // The cookie carries the session id; the database keeps only its hash.
            let id = String(cookie.dropFirst("pset_session=".count).prefix { $0 != ";" })
            #expect(try setup.course.database.webSession(idHash: id, at: setup.clock.now) == nil)
            #expect(try setup.course.database.webSession(idHash: AccessToken.hash(id), at: setup.clock.now) != nil)
        }
    }

    @Test("A session ends when it expires, or when its token is rotated")
    func sessionEnds() async throws {
        try await server.application().test(.router) { client in
            let cookie = try await client.signIn(setup.alice)
            #expect(try await client.page(.get, "/", cookie: cookie).text.contains("Your work, Alice"))
            setup.clock.set(TestCourse.beforeDue.addingTimeInterval(13 * 3600))
            #expect(try await client.page(.get, "/", cookie: cookie).text.contains("Sign in to Pset"))
            let fresh = try await client.signIn(setup.alice)
            _ = try CourseAdmin(course: setup.course).rotateToken(of: "alice")
            #expect(try await client.page(.get, "/", cookie: fresh).text.contains("Sign in to Pset"))
        }
    }

    @Test("A sign-in posted from another site is refused; from this site's page, or from a script, it works")
    func loginCrossSite() async throws {
        try await server.application().test(.router) { client in
            let form = "token=\(setup.alice)"
            let refused: [HTTPFields] = [
                [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"], [.origin: "https://evil.example"], [.origin: "null"],
            ]
            for headers in refused {
                let response = try await client.page(.post, "/login", form: form, headers: headers)
                #expect(response.status == .forbidden, "\(headers)")
                #expect(response.headers[.setCookie] == nil)
            }
            let fromPage = try await client.page(
                .post, "/login", form: form, headers: [HTTPField.Name("Sec-Fetch-Site")!: "same-origin"])
            #expect(fromPage.status == .seeOther)
            #expect(try await client.page(.post, "/login", form: form).status == .seeOther)
        }
    }

    @Test("Sign-out needs the session's CSRF token; without it the session stays")
    func csrf() async throws {
        try await server.application().test(.router) { client in
            let cookie = try await client.signIn(setup.alice)
            let home = try await client.page(.get, "/", cookie: cookie)
            let token = try #require(home.csrfToken)
            let forged = try await client.page(.post, "/logout", cookie: cookie, form: "csrf=guess")
            #expect(forged.status == .forbidden)
            let missing = try await client.page(.post, "/logout", cookie: cookie, form: "")
            #expect(missing.status == .forbidden)
            #expect(try await client.page(.get, "/", cookie: cookie).text.contains("Your work, Alice"))
            let out = try await client.page(.post, "/logout", cookie: cookie, form: "csrf=\(token)")
            #expect(out.status == .seeOther)
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await client.page(.get, "/", cookie: cookie).text.contains("Sign in to Pset"))
        }
    }

    @Test("The API ignores the session cookie: /v1 stays bearer-only")
    func apiIgnoresCookies() async throws {
        try await server.application().test(.router) { client in
            let cookie = try await client.signIn(setup.ta)
            let me = try await client.page(.get, "/v1/me", cookie: cookie)
            #expect(me.status == .unauthorized)
            let export = try await client.page(.get, "/v1/admin/export", cookie: cookie)
            #expect(export.status == .unauthorized)
        }
    }

    @Test("The student page shows the sets, due dates, late rules, attempts, scores and feedback links")
    func studentPage() async throws {
        _ = try setup.course.answer("week/pick", ["a"], by: "alice")
        _ = try setup.course.answer("week/pick", ["b"], by: "bob")
        try await submit("int counter; /* mutex */", by: "alice")
        try await server.application().test(.router) { client in
            let cookie = try await client.signIn(setup.alice)
            let page = try await client.page(.get, "/", cookie: cookie)
            #expect(page.status == .ok)
            let text = page.text
            #expect(text.contains("Your work, Alice"))
            #expect(text.contains("Week one"))
            #expect(text.contains("Due 2026-12-11 23:59:00 UTC"))
            #expect(text.contains("late work loses 50% of its score per started day"))
            #expect(text.contains("href=\"/feedback/week%2Fpick/1\""))
            #expect(text.contains("href=\"/feedback/week%2Fcounter/1\""))
            #expect(text.contains("0 of 2"))
            #expect(text.contains("10 / 10"))
            #expect(!text.contains("Bob") && !text.contains("bob"))
            #expect(!text.contains("B is the one."))
        }
    }

    @Test("Feedback shows checks, seed and highlighted, escaped files; hidden details only once revealed")
    func feedbackRevealRules() async throws {
        try await submit("#include <stdio.h>\nint counter; // </code><script>alert(1)</script>\n", by: "alice")
        try await server.application().test(.router) { client in
            let cookie = try await client.signIn(setup.alice)
            let before = try await client.page(.get, "/feedback/week%2Fcounter/1", cookie: cookie)
            #expect(before.status == .ok)
            #expect(before.text.contains("lost updates"))
            #expect(before.text.contains("seed-42"))
            #expect(before.text.contains("How visible failed"), "the failing schedule's story")
            #expect(before.text.contains("<strong>T1</strong> <code>counter.c:3</code> writes counter (1)"))
            #expect(before.text.contains("failed (hidden test: details once revealed)"))
            #expect(!before.text.contains("secret detail of the hidden test"))
            #expect(before.text.contains("<span class=\"c-pp\">#include &lt;stdio.h&gt;</span>"))
            #expect(before.text.contains("<span class=\"c-ty\">int</span>"))
            #expect(!before.text.contains("<script>"))
            #expect(before.text.contains("&lt;/code&gt;&lt;script&gt;"))
            setup.clock.set(TestCourse.due.addingTimeInterval(60))
            let fresh = try await client.signIn(setup.alice)
            let after = try await client.page(.get, "/feedback/week%2Fcounter/1", cookie: fresh)
            #expect(after.text.contains("secret detail of the hidden test"))
        }
    }

    @Test("An answer's feedback shows the answer and explanation once revealed; others' attempts are not shown")
    func answerFeedback() async throws {
        _ = try setup.course.answer("week/pick", ["a"], by: "alice")
        _ = try setup.course.answer("week/pick", ["b"], by: "bob")
        try await server.application().test(.router) { client in
            let cookie = try await client.signIn(setup.alice)
            let page = try await client.page(.get, "/feedback/week%2Fpick/1", cookie: cookie)
            #expect(page.text.contains("not correct"))
            #expect(page.text.contains("B is the one."))
            let prying = try await client.page(.get, "/feedback/week%2Fpick/1?student=bob", cookie: cookie)
            #expect(prying.status == .forbidden)
            #expect(prying.headers[.contentType] == "text/html; charset=utf-8")
            #expect(prying.text.contains("a student sees only their own work"))
            let missing = try await client.page(.get, "/feedback/week%2Ftwice/1", cookie: cookie)
            #expect(missing.status == .notFound)
        }
    }

    @Test("TA pages answer 403 to a student's session and 401 when signed out")
    func taPagesRefused() async throws {
        try await server.application().test(.router) { client in
            let cookie = try await client.signIn(setup.alice)
            for path in ["/ta/problems/week%2Fpick", "/ta/students/bob", "/ta/export?format=csv"] {
                #expect(try await client.page(.get, path, cookie: cookie).status == .forbidden)
                #expect(try await client.page(.get, path).status == .unauthorized)
            }
        }
    }

    @Test("The dashboard: queue, the gradebook with late marks sorted on the server, exports, what goes wrong")
    func dashboard() async throws {
        _ = try setup.course.answer("week/pick", ["b"], by: "bob")
        try await submit("int counter;", by: "alice")
        setup.clock.set(TestCourse.halfDayLate)
        try await submit("int counter; /* mutex */", by: "bob")
        _ = try CourseAdmin(course: setup.course).importRoster([RosterEntry(id: "carol", name: "Carol", section: "C")])
        await setup.grader.hold()
        _ = try setup.course.recordSubmission(
            "week/counter", files: [SourceFile(name: "counter.c", contents: "int counter;")], by: "carol", enqueue: true
        )
        try await server.application().test(.router) { client in
            let cookie = try await client.signIn(setup.ta)
            let page = try await client.page(.get, "/", cookie: cookie)
            #expect(page.status == .ok)
            let text = page.text
            #expect(text.contains("Course dashboard"))
            #expect(text.contains("Grading queue"))
            #expect(
                text.contains(
                    "href=\"/feedback/week%2Fcounter/1?student=carol\">week/counter #1</a></td><td class=\"\">"),
                "carol's job, waiting or being graded, whose and which")
            await setup.grader.release()
            #expect(text.contains("<span class=\"late\">late</span></td>"), "a late mark in bob's row")
            #expect(text.contains("href=\"/ta/export?format=canvas\" download"))
            #expect(text.contains("#mistakes\">lost update</a>: 1 of 2"))
            #expect(text.contains("href=\"/ta/students/alice\""))
            let byTotal = try await client.page(.get, "/?sort=total&order=desc", cookie: cookie).text
            let bob = try #require(byTotal.range(of: "/ta/students/bob"))
            let alice = try #require(byTotal.range(of: "/ta/students/alice"))
            #expect(bob.lowerBound < alice.lowerBound)
            #expect(byTotal.contains("aria-sort=\"descending\""))
            let byID = try await client.page(.get, "/?sort=id", cookie: cookie).text
            #expect(
                try #require(byID.range(of: "/ta/students/alice")).lowerBound
                    < #require(byID.range(of: "/ta/students/bob")).lowerBound)
            let csv = try await client.page(.get, "/ta/export?format=csv", cookie: cookie)
            #expect(csv.headers[.contentDisposition] == "attachment; filename=\"gradebook-csv.csv\"")
            #expect(csv.text == (try CourseAdmin(course: setup.course).gradebook().csv))
            #expect(try await client.page(.get, "/ta/export?format=xml", cookie: cookie).status == .badRequest)
        }
    }

    @Test("A problem's page: histogram, attempts, test pass rates, bug classes linking to submissions, options")
    func problemPage() async throws {
        _ = try setup.course.answer("week/pick", ["a"], by: "alice")
        _ = try setup.course.answer("week/pick", ["b"], by: "bob")
        try await submit("int counter;", by: "alice")
        try await submit("int counter; /* mutex */", by: "bob")
        try await server.application().test(.router) { client in
            let cookie = try await client.signIn(setup.ta)
            let coding = try await client.page(.get, "/ta/problems/week%2Fcounter", cookie: cookie).text
            #expect(coding.contains("<svg class=\"chart\""))
            #expect(coding.contains("Score histogram"))
            #expect(coding.contains("1 of 2"))
            #expect(coding.contains("hidden"))
            #expect(coding.contains("href=\"/feedback/week%2Fcounter/1?student=alice\""))
            #expect(!coding.contains("student=bob"))
            let question = try await client.page(.get, "/ta/problems/week%2Fpick", cookie: cookie).text
            #expect(question.contains("Options chosen"))
            #expect(question.contains("(correct)"))
            let unknown = try await client.page(.get, "/ta/problems/week%2Fnope", cookie: cookie)
            #expect(unknown.status == .notFound)
        }
    }

    @Test("A student's view for the TA: grades, extensions, attempts with links; names are escaped")
    func studentView() async throws {
        _ = try CourseAdmin(course: setup.course).importRoster([
            RosterEntry(id: "carol", name: "<script>Carol</script>", section: "C")
        ])
        let until = TestCourse.due.addingTimeInterval(86_400)
        _ = try CourseAdmin(course: setup.course).grantExtension(
            ExtensionGrant(student: "carol", set: "week", until: until))
        _ = try setup.course.answer("week/pick", ["b"], by: "carol")
        try await server.application().test(.router) { client in
            let cookie = try await client.signIn(setup.ta)
            let page = try await client.page(.get, "/ta/students/carol", cookie: cookie).text
            #expect(page.contains("&lt;script&gt;Carol&lt;/script&gt;"))
            #expect(!page.contains("<script>"))
            #expect(page.contains("2026-12-12 23:59:00 UTC"))
            #expect(page.contains("extension"))
            #expect(page.contains("href=\"/feedback/week%2Fpick/1?student=carol\""))
            let feedback = try await client.page(.get, "/feedback/week%2Fpick/1?student=carol", cookie: cookie)
            #expect(feedback.status == .ok)
            #expect(feedback.text.contains("by carol"))
            #expect(try await client.page(.get, "/ta/students/zed", cookie: cookie).status == .notFound)
            #expect(try await client.page(.get, "/", cookie: cookie).text.contains("&lt;script&gt;Carol"))
        }
    }

    @Test("The stylesheet is served from the binary")
    func stylesheet() async throws {
        try await server.application().test(.router) { client in
            let css = try await client.page(.get, "/style.css")
            #expect(css.status == .ok)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.text.contains("@media"))
        }
    }
}

extension WebPageTests {
    @Test("The dashboard's late marks and scores follow an extension granted and revoked after the work came in")
    func dashboardFollowsExtensions() async throws {
        setup.clock.set(TestCourse.halfDayLate)
        try await submit("int counter; /* mutex */", by: "bob")
        let admin = CourseAdmin(course: setup.course)
        try await server.application().test(.router) { client in
            let cookie = try await client.signIn(setup.ta)
            // A late mark in a gradebook cell (the legend below the table shows one too).
            let late = "<span class=\"late\">late</span></td>"
            #expect(try await client.page(.get, "/", cookie: cookie).text.contains(late))
            _ = try admin.grantExtension(
                ExtensionGrant(student: "bob", set: "week", until: TestCourse.due.addingTimeInterval(86_400)))
            #expect(!(try await client.page(.get, "/", cookie: cookie).text.contains(late)))
            _ = try admin.revokeExtension(of: "bob", for: "week")
            #expect(try await client.page(.get, "/", cookie: cookie).text.contains(late))
        }
    }

    @Test("After its first view the dashboard follows new attempts, gradings and roster changes")
    func dashboardFollowsChanges() async throws {
        try await submit("int counter; /* mutex */", by: "alice")
        try await server.application().test(.router) { client in
            let cookie = try await client.signIn(setup.ta)
            let first = try await client.page(.get, "/", cookie: cookie).text
            #expect(!first.contains("#mistakes\">lost update</a>"))
            try await submit("int counter;", by: "alice")
            try await submit("int counter;", by: "bob")
            _ = try CourseAdmin(course: setup.course).importRoster([
                RosterEntry(id: "bob", name: "Robert", email: "bob@example.edu", section: "B")
            ])
            let second = try await client.page(.get, "/", cookie: cookie).text
            #expect(second.contains("#mistakes\">lost update</a>: 2 of 2"))
            #expect(second.contains("<td>Robert</td>"))
            await setup.grader.setPassingScore(7)
            _ = try await CourseAdmin(course: setup.course).regrade("week/counter")
            let third = try await client.page(.get, "/?sort=id", cookie: cookie).text
            #expect(third.contains("#mistakes\">lost update</a>: 2 of 2"))
            let carol = RosterEntry(id: "carol", name: "Carol", section: "C")
            _ = try CourseAdmin(course: setup.course).importRoster([carol])
            #expect(try await client.page(.get, "/", cookie: cookie).text.contains("/ta/students/carol"))
        }
    }
}
