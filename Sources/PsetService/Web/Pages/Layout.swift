import HTTPTypes
import Hummingbird
import PsetStore

/// The frame every page shares: head, the bar with the person and sign-out, and the response headers.
enum Layout {
    /// A whole page around `body`; the bar shows who is signed in and a sign-out form carrying the CSRF token.
    static func page(title: String, context: ServiceContext, body: HTML) -> HTML {
        var bar = HTML.empty
        if let person = context.person, let session = context.webSession {
            bar = """
                <span class="who">\(person.name) (\(person.id), \(person.role == .ta ? "TA" : "student"))</span>
                <form method="post" action="/logout">
                <input type="hidden" name="csrf" value="\(session.csrfToken)">
                <button type="submit">Sign out</button>
                </form>
                """
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · Pset</title>
            <link rel="stylesheet" href="/style.css">
            </head>
            <body>
            <a class="skip" href="#main">Skip to the content</a>
            <header class="top"><a href="/"><strong>Pset</strong></a>\(bar)</header>
            <main id="main">
            \(body)
            </main>
            </body>
            </html>

            """
    }

    /// A page as a response that no cache keeps and no other site may frame or script.
    static func response(_ page: HTML, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy:
                    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
                .xContentTypeOptions: "nosniff", HTTPField.Name("Referrer-Policy")!: "same-origin",
            ],
            body: .init(byteBuffer: ByteBuffer(string: page.description)))
    }

    /// A redirect after a form, so reloading the next page posts nothing again.
    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}
