import HTTP

/// `GET /`: the operator console, one self-contained page (inline CSS and vanilla JS, nothing
/// loaded from elsewhere) that drives the admin API with the token the operator types in.
///
/// The page is assembled once from its parts (`+Style`, `+Markup`, `+Script…`) and served as the
/// same bytes on every request.
enum DashboardPage {
    static let html: String = """
        <!doctype html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>wxhook 控制台 Console</title>
        <link rel="icon" href="data:,">
        <style>
        \(style)
        </style>
        </head>
        <body>
        \(markup)
        <script>
        (() => {
        \(script)
        })();
        </script>
        </body>
        </html>

        """

    static let bytes: [UInt8] = Array(html.utf8)

    /// The page may only talk to its own origin; it can never be framed, sniffed or cached, and
    /// it sends no referrer (message ids in the URL hash stay on this page).
    static let headers: HTTPHeaders = [
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    ]

    static func response() -> HTTPResponse {
        HTTPResponse(status: .ok, headers: headers, body: bytes)
    }

    /// The script's parts in load order: helpers first, the boot code that wires them last.
    static let script: String = [
        scriptCore, scriptAPI, scriptSend, scriptLog, scriptMessage, scriptEvents, scriptStats,
        scriptRules, scriptReference, scriptBoot,
    ].joined(separator: "\n")
}
