import HTTP

/// `GET /`: the operator console, one self-contained page (inline CSS and vanilla JS, nothing
/// loaded from elsewhere) that drives the admin API with the token the operator types in.
///
/// The page is written as real files in `Page/` (embedded in the binary at build time) and
/// assembled once: `index.html` is the skeleton, with `style.css` and the script's parts put in
/// place of its two placeholders. Every request is answered with the same bytes.
public enum DashboardPage {
    public static let html: String = text(PackageResources.index_html)
        .replacing("{{style.css}}", with: trimmed(PackageResources.style_css))
        .replacing("{{script}}", with: script)

    public static let bytes: [UInt8] = Array(html.utf8)

    /// The page may only talk to its own origin; it can never be framed, sniffed or cached, and
    /// it sends no referrer (message ids in the URL hash stay on this page).
    public static let headers: HTTPHeaders = [
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    ]

    public static func response() -> HTTPResponse {
        HTTPResponse(status: .ok, headers: headers, body: bytes)
    }

    /// The script's parts in load order, run inside one function so that they share a scope and
    /// leak nothing into the page's globals; helpers first, the boot code that wires them last.
    static let script: String = [
        // Helpers every section uses, the one filter-bar builder among them. All DOM is built with `createElement` and text nodes:
        // data from the API (message text may hold `<script>`) never passes through an HTML parser.
        PackageResources.core_js,
        // The admin API client, the operator's token and the tab router. The token lives in
        // sessionStorage (this tab only); the one thing ever written to localStorage is that
        // same token, and only when the operator ticks "remember".
        PackageResources.api_js,
        // 发送消息 Send: targets (configured accounts, `GET /api/accounts`) × 1–5 items → `POST /api/send`, with `send_at` and an
        // `Idempotency-Key` that is new for every accepted submission (and kept after a
        // failure, so pressing Send again cannot enqueue twice).
        PackageResources.send_js,
        // 发送记录 Delivery log: `GET /api/messages` with filters, newer/older paging and an
        // auto-refresh; a row opens the message drawer. `listView` also serves the events tab.
        PackageResources.log_js,
        // The message drawer: `GET /api/messages/{id}` (items, attempts, timeline) and the
        // Retry / Cancel actions. It opens over any tab (send result, log row, event link).
        PackageResources.message_js,
        // 事件 Events: `GET /api/events` with provider / account / kind / conversation / q
        // filters; a row opens the event with its raw payload (`GET /api/events/{id}`), a receipt
        // or failure linked to a sent message opens that message.
        PackageResources.events_js,
        // 转发 Forwards: `GET /api/subscriptions` (counts, last success and failure; a row
        // filters the list), `GET /api/forwards` with filters, a forward in the drawer
        // (`GET /api/forwards/{id}`: attempts, body, Retry) and an event replayed to a subscription.
        PackageResources.forwards_js,
        // Inline SVG bar charts of `GET /api/stats/series` (messages by final state, events).
        PackageResources.charts_js,
        // 统计信息 Statistics: `GET /api/stats?days=N` (totals, a bar per state, success rate,
        // latency percentiles), the charts over time and `GET /health`.
        PackageResources.stats_js,
        // 规则 Rules: the loaded set (`GET /api/rules`: scopes, cooldowns, replies, the default and
        // follow replies), Reload (`POST /api/rules/reload`, whose
        // 422 lists the problems while the old set stays active) and the tester.
        PackageResources.rules_js,
        // API文档 API reference: every endpoint with a one-line description and a curl example
        // against this page's own origin; the token is written as `$WXHOOK_ADMIN_TOKEN`.
        PackageResources.reference_js,
        // Runs last, when every section's functions exist.
        PackageResources.boot_js,
    ].map(trimmed).joined(separator: "\n")

    private static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// A file's text without the newline that ends it: the page puts its own line breaks
    /// around what it embeds.
    private static func trimmed(_ bytes: [UInt8]) -> String {
        let text = text(bytes)
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
