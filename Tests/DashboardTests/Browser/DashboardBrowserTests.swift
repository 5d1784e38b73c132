import Foundation
import JSON
import ServiceHarness
import Testing
import TestSupport

/// The dashboard in a real browser against a real `wxhook serve` holding data: every view renders
/// what the service has, without a console error or an exception; the delivery log fits a
/// 1366-pixel screen; the token button stays on a 390-pixel phone. Skipped (and says so) where
/// Chromium is not installed, unless `WXHOOK_TEST_CHROMIUM_REQUIRED=1`.
/// With `WXHOOK_TEST_SCREENSHOTS=DIR`, a PNG of each view is written there.
@Suite(.enabled(if: Chromium.path != nil || Chromium.required,
                "chromium is not installed: the dashboard is not driven in a browser (apt-get install chromium)"))
struct DashboardBrowserTests {
    static let token = "dashboard-admin-token-0123456789"
    static let rules = #"""
        {"rules": [{"name": "price", "keywords": ["价格"], "cooldown_s": 60, "scope": {"chats": ["private"]},
                    "reply": {"messages": [{"type": "text", "text": "价格表见下图 {{sender}}"}]}}],
         "default": {"messages": [{"type": "text", "text": "收到，稍后回复"}], "cooldown_s": 3600},
         "subscribe": {"messages": [{"type": "text", "text": "欢迎关注"}]}}
        """#

    @Test func everyViewRendersTheServicesDataInChromium() async throws {
        let executable = try #require(Chromium.path, "WXHOOK_TEST_CHROMIUM_REQUIRED=1 but chromium is not installed")
        let settings = TestSettings {
            $0.host = .process
            $0.simulator = .inProcess
            $0.adminToken = Self.token
            // A slow machine must not see the send expire before its echo comes.
            $0.expireAfterS = 60
            $0.rules = ["shop.json": Self.rules]
            // Nothing listens there: the forwards stay pending or fail, and the view lists them.
            $0.forwardJSON = #"[{"name":"crm","url":"http://127.0.0.1:9/hook","secret":"whsec_"# + Data(repeating: 7, count: 32).base64EncodedString() + #""}]"#
        }
        try await TestService.with(settings) { service in
            let data = try await Self.fill(service)
            let browser = try Chromium(executable: executable)
            do {
                try await Self.visit(service, data: data, browser: browser)
                await browser.close()
            } catch {
                await browser.close()
                throw error
            }
        }
    }

    struct Filled {
        /// A yunzhenji send whose timeline names the chatMsg event that confirmed it.
        var echoed: String
    }

    /// Two webhooks (one a rule answers, one the default reply answers) and three sends, all final.
    static func fill(_ service: TestService) async throws -> Filled {
        for (text, conversation) in [("价格多少", "conv-1"), ("随便聊聊", "conv-2")] {
            let answer = try await service.client.post("/hooks/botadmin/shop",
                                                       body: TestAccount.botadminBody(text: text, conversation: conversation))
            #expect(answer.status == 200, "\(answer.text)")
        }
        let echoed = try await service.send(.sales("wxid_customer"), text: "您好，世界")
        let wecom = try await service.send(.ops("ops-room"), text: "周报已发出")
        // Long values without a space to break at: the log must still fit the screen.
        let long = try await service.send(.home(String(repeating: "wxid_averylongconversation", count: 4)),
                                          text: String(repeating: "这是一条很长的消息，", count: 30) + String(repeating: "x", count: 300))
        for id in [echoed, wecom, long] { _ = try await service.waitFor(id) }
        try await service.waitUntilSettled(timeout: 20)
        return Filled(echoed: echoed)
    }

    static func visit(_ service: TestService, data: Filled, browser: Chromium) async throws {
        let page = try await BrowserPage.open(in: browser)
        try await page.beforeEveryLoad("sessionStorage.setItem('wxhook.adminToken', \(JSON.string(.string(token))));")
        try await page.viewport(width: 1366, height: 900, mobile: false)
        let base = "http://127.0.0.1:\(service.port)/"
        try await page.navigate(base + "#send")
        let shots = ProcessInfo.processInfo.environment["WXHOOK_TEST_SCREENSHOTS"]
        func shoot(_ name: String) async throws {
            guard let shots else { return }
            try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
            try await page.screenshot().write(to: URL(fileURLWithPath: shots).appendingPathComponent("\(name).png"))
        }
        func show(_ hash: String) async throws {
            _ = try await page.evaluate("document.getElementById('drawer-close').click(); location.hash = '\(hash)'; true")
        }

        // Send: the targets offer the configured accounts, nothing to type.
        let accounts = try await page.waitFor("the send form's accounts",
            "document.querySelector('#targets select[data-key=target] option[value=\"wecom/ops\"]') && Array.from(document.querySelectorAll('#targets select[data-key=target] option'), (o) => o.value)")
        #expect(accounts == ["botadmin/shop", "yunzhenji/sales", "yunzhenji/open", "gowechat/home", "wecom/ops"])
        #expect(try await page.evaluate("document.querySelectorAll('#targets input[data-key=account]').length") == 0)
        try await shoot("send-1366")

        // Delivery log: every message, and no sideways scrolling at 1366 px, in the page or the table.
        try await show("#log")
        try await page.waitFor("the delivery log's rows",
            "document.querySelectorAll('#log-table tbody tr').length >= 5 && document.getElementById('log-table').textContent.includes('您好，世界')")
        let fit = try await page.evaluate("""
            (() => { const wrap = document.querySelector('#tab-log .table-wrap');
              return [document.documentElement.scrollWidth, window.innerWidth, wrap.scrollWidth, wrap.clientWidth]; })()
            """)
        let widths = (fit.arrayValue ?? []).compactMap(\.intValue)
        #expect(widths.count == 4 && widths[0] <= widths[1], "the page scrolls sideways at 1366 px: \(widths)")
        #expect(widths.count == 4 && widths[2] <= widths[3], "the delivery log scrolls sideways at 1366 px: \(widths)")
        try await shoot("log-1366")

        // A message: its timeline links the callback event, which opens with its raw payload; a
        // final message's Retry and Cancel are disabled and look it.
        try await show("#log/\(data.echoed)")
        let link = try await page.waitFor("a timeline event link",
            "Array.from(document.querySelectorAll('#drawer-body .tl-cause button.link')).map((b) => b.textContent).find((t) => t.startsWith('e_'))")
        let buttons = try await page.evaluate("""
            [document.querySelector('#drawer-body .actions .badge').textContent].concat(
              Array.from(document.querySelectorAll('#drawer-body .actions button')).map((b) => {
                const style = getComputedStyle(b);
                return [b.textContent, b.disabled, style.cursor, Number(style.opacity) < 1];
              }))
            """)
        let state = buttons[0]?.stringValue ?? ""
        #expect(["delivered", "echoed"].contains(state), "the send should be confirmed: \(buttons)")
        // Neither action applies to a confirmed message: both are disabled and look it.
        #expect(buttons.arrayValue?.dropFirst() == [["重试 Retry", true, "not-allowed", true], ["取消 Cancel", true, "not-allowed", true]])
        _ = try await page.evaluate("document.querySelector('#drawer-body .tl-cause button.link').scrollIntoView({block: 'center'}); true")
        try await shoot("message-1366")
        _ = try await page.evaluate("Array.from(document.querySelectorAll('#drawer-body .tl-cause button.link')).find((b) => b.textContent === \(JSON.string(link))).click(); true")
        try await page.waitFor("the linked event with its payload",
            "document.getElementById('drawer-title').textContent === '事件 Event ' + \(JSON.string(link)) && document.querySelector('#drawer-body pre.raw')")

        // Events: the webhooks, and one opened shows the provider's payload without its secret.
        try await show("#events")
        try await page.waitFor("the events' rows",
            "document.querySelectorAll('#event-table tbody tr').length >= 2 && document.getElementById('event-table').textContent.includes('价格多少')")
        try await shoot("events-1366")
        _ = try await page.evaluate("Array.from(document.querySelectorAll('#event-table tbody tr')).find((r) => r.textContent.includes('价格多少')).click(); true")
        let raw = try await page.waitFor("an event's raw payload", "document.querySelector('#drawer-body pre.raw')?.textContent")
        #expect(raw.stringValue?.contains(#""content": "价格多少""#) == true, "\(raw)")
        #expect(raw.stringValue?.contains("conversation_id") == true)
        #expect(raw.stringValue?.contains(TestAccount.shopSecret) == false)
        try await shoot("event-1366")

        // Forwards: the subscription and the forwards the events made.
        try await show("#forwards")
        try await page.waitFor("the subscription and its forwards",
            "document.getElementById('subscription-table').textContent.includes('crm') && document.querySelectorAll('#forward-table tbody tr').length >= 1")
        try await shoot("forwards-1366")

        // Statistics: the totals and the two charts, drawn with bars.
        try await show("#stats")
        try await page.waitFor("the statistics and charts",
            "document.querySelectorAll('#stats-charts svg.chart').length === 2 && document.querySelectorAll('#stats-charts svg.chart rect').length >= 2 && document.getElementById('stat-total').textContent === '5'")
        try await shoot("stats-1366")

        // Rules: scope, cooldown and the reply of a rule; the default and follow replies.
        try await show("#rules")
        try await page.waitFor("the rules with scopes, cooldowns and special replies", """
            document.getElementById('rules-table').textContent.includes('price') && document.getElementById('rules-table').textContent.includes('1 min')
              && document.getElementById('rules-table').textContent.includes('private')
              && document.getElementById('rules-special').textContent.includes('收到，稍后回复')
              && document.getElementById('rules-special').textContent.includes('欢迎关注')
              && document.getElementById('rules-special').textContent.includes('1 h')
            """)
        try await shoot("rules-1366")

        // API reference: read from the service's own document.
        try await show("#api")
        try await page.waitFor("the API reference",
            "document.querySelectorAll('#api-table tbody tr').length > 20 && document.getElementById('api-table').textContent.includes('/api/stats/series')")
        try await shoot("api-1366")

        // A 390-pixel phone: the token button is on screen, and nothing covers it.
        try await page.viewport(width: 390, height: 844, mobile: true)
        try await show("#log")
        let token = try await page.waitFor("the token button on a phone", """
            (() => { const button = document.getElementById('token-button'); const r = button.getBoundingClientRect();
              const inside = r.width > 0 && r.left >= 0 && r.right <= 390 && r.top >= 0 && r.bottom <= window.innerHeight;
              const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
              return inside && top && top.closest('#token-button') && window.innerWidth === 390
                ? [Math.round(r.left), Math.round(r.right), window.innerWidth] : false; })()
            """)
        #expect(token.arrayValue?.count == 3)
        try await shoot("log-390")

        // Every view, on the phone and on the laptop, keeps the page itself from scrolling sideways
        // (wide tables scroll inside their cards). Compared with the device's width, not
        // `innerWidth`: a phone zooms out to show a page wider than itself, which widens `innerWidth`.
        for (width, height, mobile) in [(390, 844, true), (1366, 900, false)] {
            try await page.viewport(width: width, height: height, mobile: mobile)
            for view in ["send", "log", "events", "forwards", "stats", "rules", "api"] {
                try await show("#\(view)")
                try await page.waitFor("#\(view) to fit \(width) px", """
                    !document.getElementById('tab-\(view)').hidden && document.documentElement.scrollWidth <= \(width)
                    """, timeout: 5)
            }
        }

        #expect(page.problems == [], "the page reported problems")
    }
}
