import Testing
@testable import Dashboard

/// The dashboard's script under Node.js: it must parse, and it must boot and render every tab
/// from API answers shaped as docs/api.md says, without a single error.
@Suite(.enabled(if: NodeRuntime.path != nil, "node is not installed: the dashboard script is not run"))
struct DashboardScriptTests {
    let script = DashboardMarkup.contents(of: DashboardPage.html, open: "<script>", close: "</script>") ?? ""

    @Test func parses() async throws {
        #expect(!script.isEmpty)
        let outcome = try await NodeRuntime.run(["--check"], source: script)
        #expect(outcome.status == 0, "node --check failed:\n\(outcome.output)")
    }

    /// Boots the page in a stub DOM whose `fetch` answers with contract-shaped JSON, visits every
    /// tab and opens a message; any exception, rejected promise or error shown in the page fails.
    @Test func bootsAndRendersEveryTab() async throws {
        let outcome = try await NodeRuntime.run([], source: DashboardStubDOM.prelude + "try {\n" + script
            + "\n} catch (error) { errors.push('boot: ' + (error && error.stack || error)); }\n" + DashboardStubDOM.epilogue)
        #expect(outcome.status == 0, "the page failed in the stub DOM:\n\(outcome.output)")
        for call in ["GET /health", "GET /api/messages?offset=0", "GET /api/messages/m_1", "GET /api/events?offset=0",
                     "GET /api/stats?", "GET /api/rules", "GET /api/subscriptions", "GET /api/forwards?offset=0",
                     "GET /api/forwards/fw_1", "POST /api/forwards/fw_1/retry", "GET /openapi.json",
                     "GET /api/stats/series?", "GET /api/accounts", "GET /api/events/e_1"] {
            #expect(outcome.output.contains("CALL \(call)"), "the page never called \(call):\n\(outcome.output)")
        }
        #expect(outcome.output.contains("RENDERED m_1"), "the message drawer did not render:\n\(outcome.output)")
        #expect(outcome.output.contains("RENDERED fw_1"), "the forward drawer did not render:\n\(outcome.output)")
        #expect(outcome.output.contains("RENDERED e_1"), "the event drawer did not render:\n\(outcome.output)")
        // The reference renders the document's operations: path, auth, curl with the token as a placeholder.
        for cell in ["/api/messages/{id}", "token", "/hooks/botadmin/{account}", "服务商凭据 provider credential", "Health"] {
            #expect(outcome.output.contains("CELL \(cell)"), "the API reference lacks \(cell):\n\(outcome.output)")
        }
        #expect(outcome.output.contains(#"CURL curl -H "Authorization: Bearer $WXHOOK_ADMIN_TOKEN" 'http://127.0.0.1:8080/api/messages/{id}'"#))
        #expect(outcome.output.contains(#"CURL curl -H 'Content-Type: application/json' -d '{"text":"it'\''s"}' 'http://127.0.0.1:8080/hooks/botadmin/{account}'"#),
                "\(outcome.output)")
    }
}

/// A DOM stand-in just rich enough to run the dashboard's code paths: every element is a proxy
/// that accepts any property or call, remembers what was set, and reports error notices.
enum DashboardStubDOM {
    static let prelude = #"""
        'use strict';
        const errors = [];
        const calls = [];
        const listeners = {};
        // Every click listener, with the element it was added to: a test presses buttons by label.
        const clickables = [];
        process.on('uncaughtException', (error) => { errors.push('uncaught: ' + (error && error.stack || error)); });
        process.on('unhandledRejection', (error) => { errors.push('unhandled: ' + (error && error.stack || error)); });

        const DEFAULTS = {value: '', checked: false, length: 0, textContent: '', hidden: false, open: false, returnValue: ''};
        const VALUES = {'stats-form.elements.days.value': '7'};
        function stub(path) {
          const own = {};
          return new Proxy(() => {}, {
            get(target, prop) {
              if (prop === Symbol.toPrimitive) return () => '';
              if (prop === Symbol.iterator) return function* () {};
              if (typeof prop === 'symbol' || prop === 'then') return undefined;
              if (Object.prototype.hasOwnProperty.call(own, prop)) return own[prop];
              if (prop === 'setAttribute') return (name, value) => { own[name] = value; };
              if (prop === 'addEventListener') {
                return (type, fn) => { if (type === 'click') clickables.push({node: own, fn}); };
              }
              const key = path + '.' + prop;
              if (key in VALUES) return VALUES[key];
              if (prop in DEFAULTS) return DEFAULTS[prop];
              return (own[prop] = stub(key));
            },
            set(target, prop, value) {
              own[prop] = value;
              if (prop === 'className' && (value === 'status error' || String(value).startsWith('notice error'))) {
                errors.push('error shown at ' + path + ': ' + String(own.textContent || ''));
              }
              if (path === 'drawer-title' && prop === 'textContent') console.log('RENDERED ' + String(value).split(' ').pop());
              if (path === '<td>' && prop === 'textContent') console.log('CELL ' + String(value));
              if (path === '<pre>' && prop === 'textContent') console.log('CURL ' + String(value));
              return true;
            },
            apply() { return stub(path + '()'); },
          });
        }
        class Node {}
        const elements = {};
        globalThis.document = stub('document');
        document.getElementById = (id) => elements[id] || (elements[id] = stub(id));
        document.createElement = (tag) => stub('<' + tag + '>');
        globalThis.window = globalThis;
        globalThis.addEventListener = (type, fn) => { (listeners[type] = listeners[type] || []).push(fn); };
        globalThis.location = {hash: '#log/m_1', origin: 'http://127.0.0.1:8080'};
        globalThis.history = {replaceState() {}};
        function memoryStorage() {
          const map = new Map();
          return {getItem: (k) => map.has(k) ? map.get(k) : null, setItem: (k, v) => map.set(k, String(v)), removeItem: (k) => map.delete(k)};
        }
        globalThis.sessionStorage = memoryStorage();
        globalThis.localStorage = memoryStorage();

        const now = 1763700000;
        const message = {
          id: 'm_1', provider: 'yunzhenji', account: 'sales', conversation: '7xxx',
          items: [{type: 'text', text: '您好 <script>alert(1)</script>'}, {type: 'image', url: 'x.png'}],
          state: 'failed', origin: 'rule', rule: 'price', in_reply_to: 'e_1', attempts: 2,
          provider_ids: ['168xxx,7xxx,1675997660116ABKocO'], error: 'errmsg', created_at: now + 0.123, updated_at: now + 61.456,
        };
        const ANSWERS = [
          ['/health', {status: 'ok', version: '0.1.0', database: 'ok', accounts: 2, queue: {queued: 1, sending: 0, awaiting_receipt: 3}}],
          ['/api/messages?', {items: [message, Object.assign({}, message, {id: 'm_2', origin: 'api', rule: null, error: null})], count: 2, total: 120}],
          ['/api/messages/m_1', Object.assign({}, message, {
            timeline: [{time: now, from: null, to: 'queued', cause: 'api'}, {time: now + 0.01, from: 'queued', to: 'sending', cause: 'attempt 1'},
                       {time: now + 1, from: 'sending', to: 'failed', cause: 'errcode 1'}, {time: now + 2, from: 'failed', to: 'failed', cause: 'late echo'}],
            attempt_history: [{attempt: 1, api_send_ids: ['a-1', 'a-2'], started_at: now + 0.01, outcome: 'rejected', error: 'errmsg'}],
          })],
          ['/api/events?', {items: [{id: 'e_1', provider: 'yunzhenji', account: 'sales', kind: 'receipt', conversation: '7xxx', sender: '7xxx',
            text: '价格多少', is_self: false, is_group: true, message_id: 'm_1', received_at: now}], count: 1, total: 1}],
          ['/api/stats/series?', {bucket: 'day', days: 7, time_zone: 'Asia/Shanghai', buckets: [
            {start: now - 86400, label: '2025-11-20', messages: {delivered: 3, sent: 1, failed: 1, expired: 0, cancelled: 0, queued: 2,
              sending: 0, accepted: 0, echoed: 0}, events: 9},
            {start: now, label: '2025-11-21', messages: {delivered: 0, sent: 0, failed: 0, expired: 0, cancelled: 1, queued: 0,
              sending: 0, accepted: 0, echoed: 0}, events: 0}]}],
          ['/api/accounts', {items: [{provider: 'botadmin', account: 'shop'}, {provider: 'wecom', account: 'ops'}], count: 2, total: 2}],
          ['/api/events/e_1', {id: 'e_1', provider: 'yunzhenji', account: 'sales', kind: 'receipt', conversation: '7xxx', sender: '7xxx',
            text: '价格多少', is_self: false, is_group: true, message_id: 'm_1', received_at: now, raw: {event: 'chatMsg', content: '<b>x</b>'}}],
          ['/api/stats?', {days: 7, total: 10, by_state: {delivered: 7, failed: 2, queued: 1, surprising: 1}, delivered: 7, failed: 2,
            success_rate: 0.7777, latency_ms: {accept_p50: 120.5, accept_p99: 900, confirm_p50: 61000, confirm_p99: null}}],
          ['/openapi.json', {openapi: '3.1.0', info: {title: 'wxhook', version: '0.1.0'}, paths: {
            '/hooks/botadmin/{account}': {post: {summary: 'bot-admin', security: [], responses: {},
              requestBody: {content: {'application/json': {example: {text: "it's"}}}}}},
            '/api/messages/{id}': {get: {summary: 'One message', security: [{adminToken: []}], responses: {}}},
            '/health': {get: {summary: 'Health', security: [], responses: {}}},
          }}],
          ['/api/subscriptions', {items: [{name: 'crm', url: 'https://crm.example.com/hooks', events: null, providers: null,
            accounts: null, chats: null, counts: {pending: 1, delivering: 0, delivered: 412, failed: 3},
            last_success_at: now, last_failure_at: null}, {name: 'llm', url: 'http://127.0.0.1:7000/reply', events: [],
            providers: ['botadmin'], accounts: null, chats: ['private'], counts: {pending: 0, delivering: 0, delivered: 0, failed: 0},
            last_success_at: null, last_failure_at: null}], count: 2, total: 2}],
          ['/api/forwards/fw_1/retry', {id: 'fw_1', state: 'pending'}],
          ['/api/forwards/fw_1', {id: 'fw_1', subscription: 'llm', type: 'event.message', event_id: 'e_1', message_id: null,
            state: 'failed', attempts: 2, next_attempt_at: null, created_at: now, updated_at: now + 2, last_status: 404,
            reply_error: null, rule: 'default', body: {type: 'event.message', timestamp: '2025-11-21T04:40:00.000Z', rule: 'default',
            data: {id: 'e_1', text: '<b>hi</b>'}}, attempt_history: [{attempt: 1, started_at: now, duration_ms: 12.5, status: 503,
            error: 'HTTP 503', answer: 'busy'}, {attempt: 2, started_at: now + 1, duration_ms: null, status: null,
            error: 'connection refused', answer: null}]}],
          ['/api/forwards?', {items: [{id: 'fw_1', subscription: 'llm', type: 'event.message', event_id: 'e_1', message_id: null,
            state: 'delivered', attempts: 1, next_attempt_at: null, created_at: now, updated_at: now, last_status: 200,
            reply_error: 'the answer came after reply_within_s (1.0 s late)', rule: 'default'}], count: 1, total: 1}],
          ['/api/rules', {files: ['Rules/a.json'], loaded_at: now, rules: [{name: 'price', file: 'Rules/a.json',
            keywords: ['价格', {text: '多少钱', match: 'exact'}], priority: 10, enabled: true,
            scope: {providers: ['yunzhenji'], accounts: null, chats: ['group'], require_mention: true}, cooldown_s: 90,
            reply: {mode: 'random', messages: [{type: 'text', text: '您好 {{sender}}'}], forward: null}},
            {name: 'human', file: 'Rules/a.json', keywords: ['人工'], priority: 0, enabled: false,
            scope: {providers: null, accounts: null, chats: null, require_mention: false}, cooldown_s: 0,
            reply: {mode: 'all', messages: [], forward: {subscription: 'crm', reply_within_s: 60}}}],
            default_reply: {file: 'Rules/a.json', line: 9, scope: {providers: null, accounts: ['shop'], chats: null, require_mention: false},
              cooldown_s: 3600, reply: {mode: 'all', messages: [{type: 'text', text: '收到'}], forward: null}},
            subscribe_reply: null,
            last_error: {at: now, problems: ['Rules/b.json:3: unknown key "repy"']}}],
        ];
        globalThis.fetch = async (path, init) => {
          calls.push(init.method + ' ' + path);
          const answer = ANSWERS.find(([prefix]) => path.startsWith(prefix));
          const body = answer ? JSON.stringify(answer[1]) : JSON.stringify({ok: false, error: 'no stub for ' + path});
          return {ok: !!answer, status: answer ? 200 : 404, statusText: '', text: async () => body};
        };

        """#

    static let epilogue = #"""

        (async () => {
          const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
          await settle();
          for (const tab of ['events', 'forwards', 'stats', 'rules', 'api', 'send', 'log']) {
            location.hash = '#' + tab;
            for (const handler of listeners.hashchange || []) handler();
            await settle();
          }
          // An event in the drawer, with its payload.
          location.hash = '#events/e_1';
          for (const handler of listeners.hashchange || []) handler();
          await settle();
          // A forward in the drawer, and its Retry.
          location.hash = '#forwards/fw_1';
          for (const handler of listeners.hashchange || []) handler();
          await settle();
          const retry = clickables.filter(({node}) => node.textContent === '重试 Retry' && String(node.title).includes('forward'));
          if (retry.length === 0) errors.push('no Retry button for the forward');
          for (const {fn} of retry) fn({target: {closest: () => null}});
          await settle();
          for (const call of calls) console.log('CALL ' + call);
          for (const error of errors) console.log('ERROR ' + error);
          process.exitCode = errors.length ? 1 : 0;
        })();
        """#
}
