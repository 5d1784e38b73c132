extension DashboardPage {
    /// The static skeleton: header, tabs, forms and empty tables. Everything that comes from the
    /// API is added by the script with `textContent` / `createElement`, never as markup.
    static let markup: String = #"""
        <header class="top">
          <div class="bar">
            <div class="brand">wxhook <span class="muted">控制台 Console</span></div>
            <div class="spacer"></div>
            <span id="health-pill" class="pill" title="GET /health">…</span>
            <button type="button" id="token-button" class="btn small">令牌 Token</button>
          </div>
          <nav class="tabs" aria-label="sections">
            <a href="#send" data-tab="send">发送消息 Send</a>
            <a href="#log" data-tab="log">发送记录 Delivery log</a>
            <a href="#events" data-tab="events">事件 Events</a>
            <a href="#stats" data-tab="stats">统计信息 Statistics</a>
            <a href="#rules" data-tab="rules">规则 Rules</a>
            <a href="#api" data-tab="api">API文档 API reference</a>
          </nav>
        </header>

        <main>
        <section id="tab-send" class="tab" hidden>
          <form id="send-form" autocomplete="off">
            <div class="card">
              <div class="card-head">
                <h2>目标 Targets</h2>
                <button type="button" id="add-target" class="btn small">+ 添加目标 Add target</button>
              </div>
              <div id="targets" class="rows"></div>
              <p class="hint">会话 ID 以 <code>@chatroom</code> 结尾时默认为群聊。 With chat on auto, a conversation id ending in <code>@chatroom</code> is a group.</p>
            </div>
            <div class="card">
              <div class="card-head">
                <h2>消息内容 Messages <span id="item-count" class="muted"></span></h2>
                <button type="button" id="add-item" class="btn small">+ 添加消息 Add item</button>
              </div>
              <div id="items" class="rows"></div>
              <p class="hint">每次最多 5 条，作为一条消息依次发出。 Up to 5 items, sent in order as one message.
                 botadmin / wecom: text image link miniprogram · yunzhenji: text image link file voice · gowechat: text image</p>
              <div id="send-warning" class="notice warn" hidden></div>
            </div>
            <div class="card grid2">
              <label>定时发送（可选） Send at (optional)
                <input type="datetime-local" id="send-at" step="1">
              </label>
              <label>幂等键 Idempotency-Key
                <span class="inline">
                  <input id="idem-key" maxlength="128" spellcheck="false" class="mono">
                  <button type="button" id="idem-new" class="btn small" title="生成新的键 New random key">新 New</button>
                </span>
              </label>
            </div>
            <div class="actions">
              <button type="submit" id="send-submit" class="btn primary">发送 Send</button>
              <span id="send-status" class="status"></span>
            </div>
            <div id="send-result"></div>
            <details class="card">
              <summary>请求预览 Request preview</summary>
              <pre id="send-preview" class="mono"></pre>
            </details>
          </form>
        </section>

        <section id="tab-log" class="tab" hidden>
          <form id="log-filters" class="card filters" autocomplete="off">
            <label>状态 State
              <select name="state">
                <option value="">全部 All</option>
                <option>queued</option><option>sending</option><option>accepted</option>
                <option>echoed</option><option>delivered</option><option>sent</option>
                <option>failed</option><option>expired</option><option>cancelled</option>
              </select>
            </label>
            <label>服务商 Provider
              <select name="provider" class="provider-filter"></select>
            </label>
            <label>账号 Account <input name="account" spellcheck="false"></label>
            <label>会话 Conversation <input name="conversation" spellcheck="false"></label>
            <label>起始 Since <input type="datetime-local" name="since" step="1"></label>
            <label>截止 Until <input type="datetime-local" name="until" step="1"></label>
            <label>每页 Per page
              <select name="limit"><option>20</option><option selected>50</option><option>100</option><option>200</option><option>500</option></select>
            </label>
            <div class="filter-actions">
              <button type="submit" class="btn primary">查询 Search</button>
              <button type="reset" class="btn">重置 Reset</button>
              <label class="check"><input type="checkbox" id="log-auto"> 自动刷新 Auto-refresh (5 s)</label>
              <span id="log-status" class="status"></span>
            </div>
          </form>
          <div class="card">
            <div class="table-head">
              <span id="log-summary" class="muted"></span>
              <span class="pager">
                <button type="button" id="log-newer" class="btn small">← 较新 Newer</button>
                <button type="button" id="log-older" class="btn small">较旧 Older →</button>
              </span>
            </div>
            <div class="table-wrap">
              <table id="log-table">
                <thead><tr>
                  <th>时间 Created</th><th>ID</th><th>服务商/账号 Provider/Account</th><th>会话 Conversation</th>
                  <th>内容 Content</th><th>状态 State</th><th>尝试 Attempts</th><th>来源 Origin</th><th>错误 Error</th>
                </tr></thead>
                <tbody></tbody>
              </table>
            </div>
            <p id="log-empty" class="empty">暂无记录 No messages</p>
          </div>
        </section>

        <section id="tab-events" class="tab" hidden>
          <form id="event-filters" class="card filters" autocomplete="off">
            <label>服务商 Provider
              <select name="provider" class="provider-filter"></select>
            </label>
            <label>账号 Account <input name="account" spellcheck="false"></label>
            <label>类型 Kind
              <select name="kind">
                <option value="">全部 All</option>
                <option>message</option><option>self_message</option><option>receipt</option>
                <option>send_failure</option><option>unknown</option>
              </select>
            </label>
            <label>会话 Conversation <input name="conversation" spellcheck="false"></label>
            <label>文本 Text (q) <input name="q"></label>
            <label>每页 Per page
              <select name="limit"><option>20</option><option selected>50</option><option>100</option><option>200</option><option>500</option></select>
            </label>
            <div class="filter-actions">
              <button type="submit" class="btn primary">查询 Search</button>
              <button type="reset" class="btn">重置 Reset</button>
              <span id="event-status" class="status"></span>
            </div>
          </form>
          <div class="card">
            <div class="table-head">
              <span id="event-summary" class="muted"></span>
              <span class="pager">
                <button type="button" id="event-newer" class="btn small">← 较新 Newer</button>
                <button type="button" id="event-older" class="btn small">较旧 Older →</button>
              </span>
            </div>
            <div class="table-wrap">
              <table id="event-table">
                <thead><tr>
                  <th>时间 Received</th><th>ID</th><th>服务商/账号 Provider/Account</th><th>类型 Kind</th>
                  <th>会话 Conversation</th><th>发送者 Sender</th><th>文本 Text</th><th>关联消息 Message</th>
                </tr></thead>
                <tbody></tbody>
              </table>
            </div>
            <p id="event-empty" class="empty">暂无事件 No events</p>
          </div>
        </section>

        <section id="tab-stats" class="tab" hidden>
          <form id="stats-form" class="card filters" autocomplete="off">
            <label>天数 Days (1–90) <input type="number" name="days" min="1" max="90" value="7" required></label>
            <label>服务商 Provider
              <select name="provider" class="provider-filter"></select>
            </label>
            <label>账号 Account <input name="account" spellcheck="false"></label>
            <div class="filter-actions">
              <button type="submit" class="btn primary">刷新 Refresh</button>
              <span id="stats-status" class="status"></span>
            </div>
          </form>
          <div class="metrics">
            <div class="card metric"><div id="stat-total" class="value">—</div><div class="label">总发送数 Total</div></div>
            <div class="card metric"><div id="stat-delivered" class="value good">—</div><div class="label">成功数 Delivered (delivered + sent)</div></div>
            <div class="card metric"><div id="stat-failed" class="value bad">—</div><div class="label">失败数 Failed (failed + expired)</div></div>
            <div class="card metric"><div id="stat-rate" class="value">—</div><div class="label">成功率 Success rate</div></div>
          </div>
          <div class="grid2">
            <div class="card">
              <h2>按状态 By state <span id="stats-period" class="muted"></span></h2>
              <div id="stats-bars" class="bars"></div>
            </div>
            <div class="card">
              <h2>延迟 Latency</h2>
              <table class="compact">
                <thead><tr><th></th><th>p50</th><th>p99</th></tr></thead>
                <tbody>
                  <tr><th>受理 Accept</th><td id="lat-accept-p50">—</td><td id="lat-accept-p99">—</td></tr>
                  <tr><th>确认 Confirm</th><td id="lat-confirm-p50">—</td><td id="lat-confirm-p99">—</td></tr>
                </tbody>
              </table>
              <p class="hint">受理：创建到服务商接收；确认：创建到送达。 Accept: created → taken by the provider; confirm: created → delivered.</p>
            </div>
          </div>
          <div class="card">
            <div class="card-head">
              <h2>健康检查 Health</h2>
              <button type="button" id="health-refresh" class="btn small">刷新 Refresh</button>
            </div>
            <dl id="health" class="kv"></dl>
          </div>
        </section>

        <section id="tab-rules" class="tab" hidden>
          <div class="card">
            <div class="card-head">
              <h2>规则 Rules</h2>
              <span class="inline">
                <span id="rules-status" class="status"></span>
                <button type="button" id="rules-refresh" class="btn small">刷新 Refresh</button>
                <button type="button" id="rules-reload" class="btn small primary">重新加载 Reload</button>
              </span>
            </div>
            <dl id="rules-meta" class="kv"></dl>
            <div id="rules-problems"></div>
            <div class="table-wrap">
              <table id="rules-table">
                <thead><tr><th>名称 Name</th><th>文件 File</th><th>关键词 Keywords</th><th>优先级 Priority</th><th>启用 Enabled</th></tr></thead>
                <tbody></tbody>
              </table>
            </div>
            <p id="rules-empty" class="empty" hidden>没有规则 No rules</p>
          </div>
          <form id="rule-test" class="card" autocomplete="off">
            <h2>规则测试 Rule tester</h2>
            <div class="filters">
              <label class="wide">消息文本 Text <textarea name="text" rows="2"></textarea></label>
              <label>服务商 Provider
                <select name="provider" class="provider-filter"></select>
              </label>
              <label>账号 Account <input name="account" spellcheck="false"></label>
              <label>会话类型 Chat
                <select name="chat"><option value="private">私聊 private</option><option value="group">群聊 group</option></select>
              </label>
              <label>发送者 Sender <input name="sender" placeholder="tester" spellcheck="false"></label>
              <label>事件 Event
                <select name="event"><option value="message">消息 message</option><option value="subscribe">关注 subscribe</option></select>
              </label>
              <label class="check"><input type="checkbox" name="mentioned"> 被@提及 Mentioned</label>
            </div>
            <div class="actions">
              <button type="submit" class="btn primary">测试 Test</button>
              <span id="rule-test-status" class="status"></span>
            </div>
            <div id="rule-test-result"></div>
          </form>
        </section>

        <section id="tab-api" class="tab" hidden>
          <div class="card">
            <h2>API文档 API reference</h2>
            <p class="hint">所有 <code>/api/*</code> 与 <code>/metrics</code> 需要 <code>Authorization: Bearer &lt;admin_token&gt;</code>（未配置令牌时不需要）。列表参数 <code>limit</code>（默认 50，最大 500）与 <code>offset</code>，按时间倒序，返回 <code>{"items":[…],"count":N,"total":T}</code>；<code>since</code>/<code>until</code> 为 Unix 秒。错误统一为 <code>{"ok":false,"error":"…"}</code>。
              Every <code>/api/*</code> call and <code>/metrics</code> need the bearer token when one is configured. Lists take <code>limit</code>/<code>offset</code> and answer newest first; <code>since</code> (inclusive) and <code>until</code> (exclusive) are Unix seconds.</p>
            <div class="table-wrap">
              <table id="api-table">
                <thead><tr><th>方法 Method</th><th>路径 Path</th><th>认证 Auth</th><th>说明 Description</th><th>示例 Example</th></tr></thead>
                <tbody></tbody>
              </table>
            </div>
          </div>
        </section>
        </main>

        <div id="drawer-backdrop" class="backdrop" hidden></div>
        <aside id="drawer" class="drawer" hidden aria-labelledby="drawer-title">
          <div class="drawer-head">
            <h2 id="drawer-title">消息 Message</h2>
            <span class="inline">
              <button type="button" id="drawer-refresh" class="btn small">刷新 Refresh</button>
              <button type="button" id="drawer-close" class="btn small" aria-label="关闭 Close">×</button>
            </span>
          </div>
          <div id="drawer-body" class="drawer-body"></div>
        </aside>

        <dialog id="token-dialog">
          <form id="token-form" method="dialog">
            <h2>管理令牌 Admin token</h2>
            <p id="token-reason" class="status error" hidden></p>
            <label>令牌 Token
              <input type="password" id="token-input" autocomplete="off" spellcheck="false">
            </label>
            <label class="check"><input type="checkbox" id="token-remember"> 在此浏览器记住 Remember in this browser</label>
            <p class="hint">令牌只保存在本标签页（sessionStorage）；勾选“记住”才写入 localStorage。未配置令牌的服务无需填写。
               The token stays in this tab (sessionStorage); only “Remember” keeps it in localStorage. Leave it empty when the service has none.</p>
            <div class="actions">
              <button type="submit" value="save" class="btn primary">保存 Save</button>
              <button type="submit" value="clear" class="btn">清除 Clear</button>
              <button type="submit" value="cancel" class="btn">取消 Cancel</button>
            </div>
          </form>
        </dialog>
        """#
}
