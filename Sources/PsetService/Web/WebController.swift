import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PsetCourse
import PsetModel
import PsetStore

/// The web pages beside the API: sign-in and sign-out, the student's page, the TA's dashboard and the pages it
/// links to, all rendered on the server from the course layer the API uses.
struct WebController {
    let course: Course
    let admin: CourseAdmin
    let overview: ClassOverview

    /// The most a sign-in or sign-out form may post.
    static let maxFormBytes = 4096

    func addRoutes(to group: RouterGroup<ServiceContext>) {
        group.get("", use: home)
        group.post("login", use: login)
        group.post("logout", use: logout)
        group.get("style.css", use: stylesheet)
        group.get("feedback/{id}/{attempt}", use: feedback)
        group.get("ta/problems/{id}", use: problem)
        group.get("ta/students/{person}", use: student)
        group.get("ta/export", use: export)
    }

    /// The sign-in page, or the person's home: the student page or the TA dashboard.
    @Sendable func home(_ request: Request, context: ServiceContext) async throws -> Response {
        guard let person = context.person else { return Layout.response(SignInPage.render(context: context)) }
        switch person.role {
        case .student:
            return Layout.response(try StudentPage.render(course: course, student: person, context: context))
        case .ta:
            let sorting = DashboardPage.Sorting(
                column: request.uri.queryParameters.get("sort"), order: request.uri.queryParameters.get("order"),
                sets: course.bank.sets.map(\.id))
            let page = try DashboardPage.render(
                course: course, overview: try await overview.current(), sorting: sorting, context: context)
            return Layout.response(page)
        }
    }

    /// Opens a session for a valid token and sends the browser home; a wrong token gets the sign-in page again.
    @Sendable func login(_ request: Request, context: ServiceContext) async throws -> Response {
        guard !Self.isCrossSite(request) else {
            // A page elsewhere could otherwise sign a browser in as its own student (login CSRF), before there is a
            // session whose token a form could carry.
            throw HTTPError(.forbidden, message: "sign in from this site's own sign-in page")
        }
        let form = try await Self.form(request)
        let token = (form["token"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let tokenHash = AccessToken.hash(token)
        guard !token.isEmpty, let person = try course.database.person(withTokenHash: tokenHash) else {
            var anonymous = context
            anonymous.person = nil
            anonymous.webSession = nil
            let page = SignInPage.render(
                context: anonymous,
                message: "This token is not valid (mistyped, rotated or revoked); ask a TA for a new one.")
            return Layout.response(page, status: .unauthorized)
        }
        if let id = SessionCookie.value(in: request) {
            try course.database.closeWebSession(idHash: AccessToken.hash(id))
        }
        let id = SessionCookie.randomValue()
        let now = course.now
        try course.database.openWebSession(
            WebSession(
                idHash: AccessToken.hash(id), personID: person.id, tokenHash: tokenHash,
                csrfToken: SessionCookie.randomValue(), createdAt: now,
                expiresAt: now.addingTimeInterval(SessionCookie.lifetime)))
        var response = Layout.seeOther("/")
        response.setCookie(SessionCookie.setting(id, for: request))
        return response
    }

    /// Whether the browser says the request comes from another site: `Sec-Fetch-Site` names another origin, or
    /// `Origin` names another host than the one asked. Scripts send neither, and are let through.
    static func isCrossSite(_ request: Request) -> Bool {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!] {
            return site != "same-origin" && site != "none"
        }
        guard let origin = request.headers[.origin] else { return false }
        guard origin != "null", let parts = URLComponents(string: origin), let host = parts.host else { return true }
        let port = parts.port.map { ":\($0)" } ?? ""
        return request.head.authority.map { $0.lowercased() != (host + port).lowercased() } ?? true
    }

    /// Ends the session, when the form carries its CSRF token, and clears the cookie.
    @Sendable func logout(_ request: Request, context: ServiceContext) async throws -> Response {
        let form = try await Self.form(request)
        if let session = context.webSession {
            guard SessionCookie.matches(form["csrf"], session.csrfToken) else {
                throw HTTPError(.forbidden, message: "this form is not from this site's page; sign out from the page")
            }
            try course.database.closeWebSession(idHash: session.idHash)
        }
        var response = Layout.seeOther("/")
        response.setCookie(SessionCookie.clearing(for: request))
        return response
    }

    @Sendable func stylesheet(_ request: Request, context: ServiceContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
            body: .init(byteBuffer: ByteBuffer(string: Stylesheet.css)))
    }

    /// One attempt's feedback: the student's own, or with `?student=` any student's for a TA.
    @Sendable func feedback(_ request: Request, context: ServiceContext) async throws -> Response {
        try signedIn(context)
        let id = try context.pathValue("id")
        guard let number = Int(try context.pathValue("attempt")) else {
            throw HTTPError(.badRequest, message: "an attempt is a number")
        }
        let student = try context.subject(request)
        guard try course.database.person(student) != nil else { throw AdminError.unknownPerson(student) }
        let feedback = try course.feedback(id, attempt: number, for: student)
        let title = course.bank.problem(id)?.title ?? id
        return Layout.response(FeedbackPage.render(feedback, title: title, student: student, context: context))
    }

    @Sendable func problem(_ request: Request, context: ServiceContext) async throws -> Response {
        try signedIn(context)
        _ = try context.requireTA()
        return Layout.response(
            ProblemPage.render(try course.statistics(of: try context.pathValue("id")), context: context))
    }

    @Sendable func student(_ request: Request, context: ServiceContext) async throws -> Response {
        try signedIn(context)
        _ = try context.requireTA()
        let id = try context.pathValue("person")
        guard let person = try course.database.person(id) else { throw AdminError.unknownPerson(id) }
        return Layout.response(try StudentDetailPage.render(course: course, student: person, context: context))
    }

    /// The gradebook export as a download, in the formats `pset admin export` writes.
    @Sendable func export(_ request: Request, context: ServiceContext) async throws -> Response {
        try signedIn(context)
        _ = try context.requireTA()
        let format = try ExportFormat(of: request)
        let text = try admin.gradebook().rendered(as: format)
        let file = format == .json ? "gradebook.json" : "gradebook-\(format.rawValue).csv"
        return Response(
            status: .ok,
            headers: [
                .contentType: format == .json ? "application/json; charset=utf-8" : "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(file)\"", .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Refuses a page to a browser that is not signed in.
    private func signedIn(_ context: ServiceContext) throws {
        guard context.person != nil else {
            throw HTTPError(.unauthorized, message: "sign in first: this page needs your session")
        }
    }

    /// The fields of a posted form (`application/x-www-form-urlencoded`), read up to a small limit.
    static func form(_ request: Request) async throws -> [String: String] {
        let type = request.headers[.contentType]?.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == "application/x-www-form-urlencoded" else {
            throw HTTPError(.unsupportedMediaType, message: "post the page's form (application/x-www-form-urlencoded)")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxFormBytes)
        } catch is NIOTooManyBytesError {
            throw HTTPError(.contentTooLarge, message: "the form is larger than \(maxFormBytes) bytes")
        }
        var fields: [String: String] = [:]
        for pair in String(buffer: body).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) -> String {
                text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            fields[decoded(parts[0])] = parts.count > 1 ? decoded(parts[1]) : ""
        }
        return fields
    }
}
