/// The sign-in page: one field for the token a TA issued, posted to `/login`.
enum SignInPage {
    static func render(context: ServiceContext, message: String? = nil) -> HTML {
        let notice: HTML = message.map { "<p class=\"notice\" role=\"alert\" id=\"problem\">\($0)</p>" } ?? .empty
        return Layout.page(
            title: "Sign in", context: context,
            body: """
                <h1>Sign in to Pset</h1>
                \(notice)
                <form method="post" action="/login">
                <label for="token">Your access token</label>
                <input type="password" id="token" name="token" required autocomplete="current-password" \
                spellcheck="false"\(message == nil ? "" : " aria-describedby=\"problem\"")>
                <p class="muted">The token your TA gave you (it starts with <code>pset_</code>); the same one \
                <code>pset login</code> uses.</p>
                <button type="submit">Sign in</button>
                </form>
                """)
    }
}
