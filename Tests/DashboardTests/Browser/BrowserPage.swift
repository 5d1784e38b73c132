import Foundation
import JSON

/// One tab of a `Chromium`, attached in flat mode: its commands carry the tab's session id.
struct BrowserPage: Sendable {
    let browser: Chromium
    let session: String

    /// A new blank tab with the runtime, log and page domains on, so that console calls,
    /// exceptions and failed loads are reported as events.
    static func open(in browser: Chromium) async throws -> BrowserPage {
        let target = try await browser.command("Target.createTarget", JSONObject([("url", "about:blank")]))
        guard let targetID = target["targetId"]?.stringValue else { throw Chromium.Failure(description: "no target: \(target)") }
        let attached = try await browser.command("Target.attachToTarget",
                                                 JSONObject([("targetId", .string(targetID)), ("flatten", true)]))
        guard let session = attached["sessionId"]?.stringValue else { throw Chromium.Failure(description: "no session: \(attached)") }
        let page = BrowserPage(browser: browser, session: session)
        for domain in ["Runtime.enable", "Log.enable", "Page.enable"] {
            _ = try await page.command(domain)
        }
        return page
    }

    func command(_ method: String, _ params: JSONObject = JSONObject()) async throws -> JSONValue {
        try await browser.command(method, params, session: session)
    }

    /// Runs `script` before any of the page's own scripts on every load of this tab.
    func beforeEveryLoad(_ script: String) async throws {
        _ = try await command("Page.addScriptToEvaluateOnNewDocument", JSONObject([("source", .string(script))]))
    }

    /// The window as a desktop (`mobile` false) or a phone of that CSS size.
    func viewport(width: Int, height: Int, mobile: Bool) async throws {
        _ = try await command("Emulation.setDeviceMetricsOverride", JSONObject([
            ("width", JSONValue(width)), ("height", JSONValue(height)), ("deviceScaleFactor", 1), ("mobile", .bool(mobile)),
        ]))
    }

    func navigate(_ url: String) async throws {
        _ = try await command("Page.navigate", JSONObject([("url", .string(url))]))
    }

    /// The value of `expression` (awaited when it is a promise); a thrown exception fails.
    func evaluate(_ expression: String) async throws -> JSONValue {
        let answer = try await command("Runtime.evaluate", JSONObject([
            ("expression", .string(expression)), ("awaitPromise", true), ("returnByValue", true),
        ]))
        if let exception = answer["exceptionDetails"] {
            let text = exception["exception"]?["description"]?.stringValue ?? exception["text"]?.stringValue ?? "\(exception)"
            throw Chromium.Failure(description: "evaluating \(expression.prefix(80)): \(text)")
        }
        return answer["result"]?["value"] ?? .null
    }

    /// Waits, inside the page, until `condition` (a JS expression) is truthy, re-checking it on
    /// every DOM change and animation frame; returns its value. Fails after `timeout` seconds
    /// with `what` and the page's status lines.
    @discardableResult
    func waitFor(_ what: String, _ condition: String, timeout: Double = 20) async throws -> JSONValue {
        let script = """
            new Promise((resolve, reject) => {
              const check = () => { try { return (\(condition)); } catch (_) { return false; } };
              const first = check();
              if (first) { resolve(first); return; }
              const observer = new MutationObserver(() => { const value = check(); if (value) { done(); resolve(value); } });
              const timer = setTimeout(() => {
                done();
                const statuses = Array.from(document.querySelectorAll('.status')).map((n) => n.id + ': ' + n.textContent).filter((t) => !t.endsWith(': '));
                reject(new Error('timed out waiting for ' + \(JSON.string(.string(what))) + ' (' + statuses.join('; ') + ')'));
              }, \(Int(timeout * 1000)));
              const done = () => { observer.disconnect(); clearTimeout(timer); };
              observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
            })
            """
        return try await evaluate(script)
    }

    /// A PNG of the viewport.
    func screenshot() async throws -> Data {
        let answer = try await command("Page.captureScreenshot", JSONObject([("format", "png")]))
        guard let text = answer["data"]?.stringValue, let data = Data(base64Encoded: text) else {
            throw Chromium.Failure(description: "no screenshot data")
        }
        return data
    }

    /// What went wrong in this tab so far: uncaught exceptions, `console.error` / `console.assert`
    /// calls and error log entries (a failed request, a blocked resource).
    var problems: [String] {
        browser.events.compactMap { event -> String? in
            guard event["sessionId"]?.stringValue == session, let method = event["method"]?.stringValue else { return nil }
            let params = event["params"]
            switch method {
            case "Runtime.exceptionThrown":
                let details = params?["exceptionDetails"]
                return "exception: " + (details?["exception"]?["description"]?.stringValue ?? details?["text"]?.stringValue ?? "")
            case "Runtime.consoleAPICalled" where ["error", "assert"].contains(params?["type"]?.stringValue ?? ""):
                let args = params?["args"]?.arrayValue ?? []
                return "console.\(params?["type"]?.stringValue ?? ""): "
                    + args.map { $0["value"].map { JSON.string($0) } ?? $0["description"]?.stringValue ?? "?" }.joined(separator: " ")
            case "Log.entryAdded" where params?["entry"]?["level"]?.stringValue == "error":
                return "log: \(params?["entry"]?["text"]?.stringValue ?? "") \(params?["entry"]?["url"]?.stringValue ?? "")"
            default:
                return nil
            }
        }
    }
}
