const AUTH_HEADER = "-H \"Authorization: Bearer $WXHOOK_ADMIN_TOKEN\"";

const ENDPOINTS = [
  {method: 'GET', path: '/', auth: '—', desc: '本控制台页面 This dashboard page.', curl: ''},
  {method: 'GET', path: '/health', auth: '—',
    desc: '健康检查：status、version、database、accounts、queue；数据库不可写时 503 degraded. Health; 503 when the database is not writable.',
    curl: '{origin}/health'},
  {method: 'GET', path: '/metrics', auth: 'token',
    desc: 'Prometheus 指标：请求、事件、消息状态、发送延迟、规则命中、队列深度. Prometheus text metrics.',
    curl: AUTH_HEADER + ' {origin}/metrics'},
  {method: 'POST', path: '/api/send', auth: 'token',
    desc: '发送消息：targets 1–100，messages 1–5，可选 send_at 与 Idempotency-Key；202 返回创建的消息. Enqueue one message per target.',
    curl: AUTH_HEADER + " -H 'Content-Type: application/json' -H 'Idempotency-Key: 7d7e…' " +
      "-d '{\"targets\":[{\"provider\":\"yunzhenji\",\"account\":\"sales\",\"conversation\":\"7xxx\"}],\"messages\":[{\"type\":\"text\",\"text\":\"您好\"}]}' {origin}/api/send"},
  {method: 'GET', path: '/api/messages', auth: 'token',
    desc: '发送记录（发件箱）：state、provider、account、conversation、since、until、limit、offset. The outbox, newest first.',
    curl: AUTH_HEADER + " '{origin}/api/messages?state=failed&limit=20'"},
  {method: 'GET', path: '/api/messages/{id}', auth: 'token',
    desc: '单条消息，含 attempts、attempt_history 与 timeline. One message with its attempts and timeline.',
    curl: AUTH_HEADER + ' {origin}/api/messages/m_…'},
  {method: 'POST', path: '/api/messages/{id}/retry', auth: 'token',
    desc: '重试 failed / expired 的消息（新一轮尝试），其他状态 409. Re-queue a failed or expired message.',
    curl: '-X POST ' + AUTH_HEADER + ' {origin}/api/messages/m_…/retry'},
  {method: 'POST', path: '/api/messages/{id}/cancel', auth: 'token',
    desc: '取消 queued 的消息，其他状态 409. Cancel a queued message.',
    curl: '-X POST ' + AUTH_HEADER + ' {origin}/api/messages/m_…/cancel'},
  {method: 'GET', path: '/api/events', auth: 'token',
    desc: '入站事件：provider、account、kind、conversation、q（文本）. Inbound events; q filters by text.',
    curl: AUTH_HEADER + " '{origin}/api/events?kind=message&q=价格'"},
  {method: 'POST', path: '/api/events/{id}/replay', auth: 'token',
    desc: '将已存储的事件重新转发给某个订阅（新的转发 id）；202，未知事件 404，未知订阅或无 body 422. Forward a stored event again as a new forward.',
    curl: AUTH_HEADER + " -H 'Content-Type: application/json' -d '{\"subscription\":\"crm\"}' {origin}/api/events/e_…/replay"},
  {method: 'GET', path: '/api/subscriptions', auth: 'token',
    desc: '转发订阅：name、url、过滤条件、各状态数量、最近成功/失败时间（不含 secret）. The subscriptions and how their forwards stand.',
    curl: AUTH_HEADER + ' {origin}/api/subscriptions'},
  {method: 'GET', path: '/api/forwards', auth: 'token',
    desc: '转发记录：subscription、state、event_id、message_id、since、until、limit、offset. Forwards to applications, newest first.',
    curl: AUTH_HEADER + " '{origin}/api/forwards?subscription=crm&state=failed'"},
  {method: 'GET', path: '/api/forwards/{id}', auth: 'token',
    desc: '单条转发，含 body 与 attempt_history. One forward with its body and attempts.',
    curl: AUTH_HEADER + ' {origin}/api/forwards/fw_…'},
  {method: 'POST', path: '/api/forwards/{id}/retry', auth: 'token',
    desc: '重试 failed 的转发（同一 id，新的重试次数），其他状态 409. Send a failed forward again.',
    curl: '-X POST ' + AUTH_HEADER + ' {origin}/api/forwards/fw_…/retry'},
  {method: 'GET', path: '/api/stats', auth: 'token',
    desc: '统计：days（1–90）、provider、account；total、by_state、success_rate、latency_ms. Statistics over the last N days.',
    curl: AUTH_HEADER + " '{origin}/api/stats?days=7'"},
  {method: 'GET', path: '/api/rules', auth: 'token',
    desc: '已加载的规则：files、rules、loaded_at、last_error. The loaded rule set.',
    curl: AUTH_HEADER + ' {origin}/api/rules'},
  {method: 'POST', path: '/api/rules/reload', auth: 'token',
    desc: '重新加载 Rules/；无效时 422 列出问题，旧规则继续生效. Reload; 422 with the problems keeps the old set.',
    curl: '-X POST ' + AUTH_HEADER + ' {origin}/api/rules/reload'},
  {method: 'POST', path: '/api/rules/test', auth: 'token',
    desc: '测试哪条规则会回复，不发送. Which rule would answer, without sending.',
    curl: AUTH_HEADER + " -H 'Content-Type: application/json' " +
      "-d '{\"text\":\"价格多少\",\"chat\":\"private\",\"mentioned\":false,\"event\":\"message\"}' {origin}/api/rules/test"},
  {method: 'POST', path: '/hooks/botadmin/{account}', auth: 'body secret',
    desc: 'bot-admin 推送的会话消息（服务商调用）. The bot-admin webhook (called by the provider).',
    curl: "-H 'Content-Type: application/json' " +
      "-d '{\"secret\":\"…\",\"msgtype\":\"text\",\"conversation_id\":\"…\",\"sender\":\"…\",\"text\":{\"content\":\"价格\"}}' {origin}/hooks/botadmin/shop"},
  {method: 'POST', path: '/hooks/yunzhenji/{account}', auth: '?token=',
    desc: '云真机 chatMsg / chatMsgSendFail 回调（服务商调用）. The 云真机 callback (called by the provider).',
    curl: "-H 'Content-Type: application/json' -d @callback.json '{origin}/hooks/yunzhenji/sales?token=…'"},
];

async function copyText(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = '已复制 Copied';
  } catch (_) {
    button.textContent = '请手动复制 Select and copy';
  }
  setTimeout(() => { button.textContent = '复制 Copy'; }, 1500);
}

function initReference() {
  const origin = location.origin && location.origin !== 'null' ? location.origin : '';
  const body = clear(byId('api-table').tBodies[0]);
  for (const endpoint of ENDPOINTS) {
    const command = endpoint.curl ? 'curl ' + endpoint.curl.split('{origin}').join(origin) : '';
    const example = command
      ? el('div', null, el('pre', {class: 'mono', text: command}),
        el('button', {type: 'button', class: 'btn small', text: '复制 Copy', onclick: (event) => copyText(command, event.currentTarget)}))
      : el('span', {class: 'muted', text: '—'});
    body.append(el('tr', null,
      el('td', null, el('span', {class: 'method ' + endpoint.method, text: endpoint.method})),
      el('td', {class: 'mono', text: endpoint.path}),
      el('td', {class: 'nowrap', text: endpoint.auth}),
      el('td', {text: endpoint.desc}),
      el('td', null, example)));
  }
}
