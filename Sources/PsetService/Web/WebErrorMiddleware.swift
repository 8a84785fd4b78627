import Hummingbird

/// Shows a web page's errors as an HTML page: the API's error handling decides the status and the message
/// (so both say the same), and this middleware only renders them for a browser.
struct WebErrorMiddleware: RouterMiddleware {
    typealias Context = ServiceContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await ErrorMiddleware().handle(request, context: context, next: next)
        } catch let error as HTTPError {
            let message = error.body ?? error.status.reasonPhrase
            let page = Layout.page(
                title: error.status.reasonPhrase, context: context,
                body: """
                    <h1>\(error.status.reasonPhrase)</h1>
                    <p class="notice" role="alert">\(message)</p>
                    <p><a href="/">Back to your home page</a></p>
                    """)
            return Layout.response(page, status: error.status)
        }
    }
}
