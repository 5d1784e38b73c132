import HTTP
import Testing
@testable import Dashboard

/// `GET /`: the operator dashboard (docs/api.md, "GET /"): its headers, its sections, and the
/// rules that keep API data from ever becoming markup or code.
@Suite struct DashboardPageTests {
    let html = DashboardPage.html
    var script: String { DashboardMarkup.contents(of: html, open: "<script>", close: "</script>") ?? "" }
    var markup: String { DashboardMarkup.withoutRawText(html) }

    @Test func answersOKWithTheSecurityHeaders() {
        let response = DashboardPage.response()
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.headers["Content-Security-Policy"] == "default-src 'self'; script-src 'unsafe-inline'; "
            + "style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'")
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
        #expect(response.headers["Referrer-Policy"] == "no-referrer")
        #expect(response.headers["Cache-Control"] == "no-store")
        #expect(response.body == Array(html.utf8))
        #expect(DashboardPage.bytes == Array(html.utf8))
    }

    @Test func hasEverySection() {
        for id in ["tab-send", "tab-log", "tab-events", "tab-stats", "tab-rules", "tab-api", "drawer", "token-dialog"] {
            #expect(html.contains("id=\"\(id)\""), "missing section #\(id)")
        }
        // The operator console, bilingual: Chinese first.
        for label in ["发送消息 Send", "发送记录 Delivery log", "统计信息 Statistics", "API文档 API reference", "规则测试 Rule tester",
                      "转发 Forwards"] {
            #expect(html.contains(label), "missing label \(label)")
        }
        for field in ["send-at", "idem-key", "log-auto", "log-list", "event-list", "stats-bars", "rules-reload", "rule-test",
                      "subscription-table", "forward-filters", "forward-list", "replay-form", "stats-charts", "rules-special"] {
            // In the markup, or made by the script (the filter bars' controls).
            #expect(html.contains("id=\"\(field)\"") || script.contains("id: '\(field)'"), "missing control #\(field)")
        }
    }

    /// Every view's filter bar is an empty form in the markup that one builder fills from a list
    /// of fields, and the three list views (filter bar, pager, table) are built by one function
    /// from a prefix: no view carries its own copy of the labels, selects, buttons and tables.
    @Test func filterBarsAndListsComeFromOneBuilder() {
        for prefix in ["log", "event", "forward"] {
            #expect(markup.contains("<form id=\"\(prefix)-filters\" class=\"card filters\" autocomplete=\"off\"></form>"))
            #expect(markup.contains("<div id=\"\(prefix)-list\" class=\"card\"></div>"), "\(prefix)'s list is not left to listView")
            #expect(script.contains("prefix: '\(prefix)'"), "\(prefix)'s list is not built by listView")
        }
        #expect(script.contains("filterBar(prefix + '-filters'"))
        for form in ["replay-form", "stats-form"] {
            #expect(markup.contains("<form id=\"\(form)\" class=\"card filters\" autocomplete=\"off\"></form>"), "\(form) is not left to the builder")
            #expect(script.contains("filterBar('\(form)'"), "\(form) is not built by filterBar")
        }
        #expect(DashboardMarkup.count("function filterBar(", in: script) == 1)
        #expect(DashboardMarkup.count("function listView(", in: script) == 1)
        for copy in ["name=\"limit\"", "查询 Search", "较新 Newer", "table-head"] {
            #expect(!markup.contains(copy), "the markup still holds \(copy)")
        }
    }

    /// The charts are SVG the page draws itself from the series endpoint: no canvas, no library.
    @Test func chartsAreInlineSVGDrawnByThePage() {
        #expect(script.contains("document.createElementNS(SVG_NS, tag)"))
        #expect(script.contains("'http://www.w3.org/2000/svg'"))
        #expect(script.contains("'/api/stats/series?'"))
        #expect(!markup.contains("<canvas"))
        #expect(!markup.contains("<svg"))
    }

    /// The reference is not a hand-kept list: it reads the service's own description, which the
    /// service's tests hold to the router (every route, nothing else).
    @Test func theAPIReferenceReadsTheOpenAPIDocument() {
        #expect(script.contains("api('GET', '/openapi.json')"))
        #expect(!script.contains("const ENDPOINTS"))
        #expect(markup.contains("<code>GET /openapi.json</code>"))
    }

    @Test func callsTheAdminAPIWithTheBearerToken() {
        #expect(script.contains("headers['Authorization'] = 'Bearer ' + token"))
        #expect(script.contains("sessionStorage.setItem(TOKEN_KEY, value)"))
        for call in ["'/api/send'", "'/api/messages'", "'/api/messages/' + encodeURIComponent(id)", "'/api/events'",
                     "'/api/stats?'", "'/api/rules'", "'/api/rules/reload'", "'/api/rules/test'", "'/health'",
                     "'/api/subscriptions'", "'/api/forwards'", "'/api/forwards/' + encodeURIComponent(id)",
                     "'/api/events/' + encodeURIComponent(id) + '/replay'", "'/api/events/' + encodeURIComponent(id), ",
                     "'/api/stats/series?'", "'/api/accounts'"] {
            #expect(script.contains(call), "the script never calls \(call)")
        }
    }

    @Test func neverTurnsDataIntoMarkupOrCode() {
        for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                     "srcdoc", "javascript:", "setAttribute('on", "createContextualFragment", "DOMParser"] {
            #expect(!html.contains(sink), "the page uses \(sink)")
        }
    }

    @Test func hasNoInlineEventHandlers() throws {
        let handler = try Regex(#"\son[a-z]+\s*="#)
        #expect(markup.firstMatch(of: handler) == nil)
        // In the script, listeners are attached by `el` only when they are functions.
        #expect(script.contains("if (typeof value !== 'function') throw new TypeError"))
    }

    @Test func loadsNothingFromElsewhere() throws {
        // The SVG namespace is a name the charts' elements are made in, never fetched: the one
        // `http://` the page may hold, once.
        let svgNamespace = "'http://www.w3.org/2000/svg'"
        #expect(DashboardMarkup.count(svgNamespace, in: html) == 1)
        let html = html.replacingOccurrences(of: svgNamespace, with: "")
        #expect(!html.contains("http://"))
        #expect(!html.contains("https://"))
        #expect(!html.contains("@import"))
        #expect(!html.lowercased().contains("url("))
        for attribute in ["href", "src", "action", "formaction", "poster", "data"] {
            for value in DashboardMarkup.attributeValues(attribute, in: markup) {
                #expect(value.hasPrefix("#") || value.hasPrefix("data:"), "\(attribute)=\"\(value)\" points elsewhere")
            }
        }
        // Requests go to this origin: no string in the script starts a protocol-relative URL.
        #expect(script.firstMatch(of: try Regex(#"['"`]//"#)) == nil)
        #expect(DashboardMarkup.count("fetch(", in: script) == 1)
        #expect(script.contains("fetch(path, {method, headers, body, cache: 'no-store', credentials: 'same-origin'})"))
    }

    @Test func keepsOnlyTheRememberedTokenInLocalStorage() {
        let uses = script.components(separatedBy: "localStorage").dropFirst()
        #expect(!uses.isEmpty)
        let allowed = [".getItem(TOKEN_KEY)", ".setItem(TOKEN_KEY, value)", ".removeItem(TOKEN_KEY)"]
        for use in uses where !allowed.contains(where: { use.hasPrefix($0) }) {
            Issue.record("localStorage used for something else: localStorage\(use.prefix(40))")
        }
        // sessionStorage.getItem(…) || localStorage.getItem(…) is the one read; the write needs "remember".
        #expect(script.contains("if (value && remember) localStorage.setItem(TOKEN_KEY, value);"))
        let remember = DashboardMarkup.contents(of: markup, open: "id=\"token-remember\"", close: ">")
        #expect(remember != nil)
        #expect(remember?.contains("checked") == false, "remember must be off by default")
    }

    @Test func tokenFieldIsMaskedAndNeverPrefilled() {
        #expect(markup.contains("<input type=\"password\" id=\"token-input\""))
        #expect(script.contains("input.value = '';"))
        // The reference shows a placeholder, never the token the operator typed.
        #expect(script.contains("$WXHOOK_ADMIN_TOKEN"))
    }

    @Test func scriptAndStyleTagsBalance() {
        #expect(DashboardMarkup.count("<script", in: html) == 1)
        #expect(DashboardMarkup.count("</script>", in: html) == 1)
        #expect(DashboardMarkup.count("<style", in: html) == 1)
        #expect(DashboardMarkup.count("</style>", in: html) == 1)
        // Inside the script, a "</" could end it early in a browser.
        #expect(!script.contains("</"))
        #expect(html.hasPrefix("<!doctype html>"))
    }

    /// The page is assembled from its files: nothing may be left of the skeleton's placeholders.
    @Test func everyPlaceholderIsFilled() {
        #expect(!html.contains("{{"))
        #expect(script.hasPrefix("\n(() => {\n'use strict';"))
    }

    @Test func markupNestsProperly() {
        #expect(DashboardMarkup.nestingProblems(in: markup) == [])
    }

    /// The checker itself must notice broken markup, or `markupNestsProperly` proves nothing.
    @Test func nestingCheckerFindsMistakes() {
        #expect(DashboardMarkup.nestingProblems(in: "<div><span></div>") != [])
        #expect(DashboardMarkup.nestingProblems(in: "<section><p>text</section>") != [])
        #expect(DashboardMarkup.nestingProblems(in: "<div>") != [])
        #expect(DashboardMarkup.nestingProblems(in: "</div>") != [])
        #expect(DashboardMarkup.nestingProblems(in: "<div><input id=\"a\"><br></div><!-- <p> -->") == [])
    }
}
