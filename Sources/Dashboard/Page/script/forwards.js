let forwardView = null;
let drawerForwardId = null;

// 转发 Forwards: the subscriptions and how they stand, the forwards with filters, one forward's
// body and attempts in the drawer (with Retry for a failed one), and an event replayed to a
// subscription.
function initForwards() {
  filterBar('replay-form', [
    {name: 'event', label: '重放事件 Replay event ID', required: true},
    {name: 'subscription', label: '到订阅 To subscription', required: true},
  ], {status: 'replay-status', submit: '重放 Replay', quiet: true, reset: false});
  forwardView = listView({
    prefix: 'forward', path: '/api/forwards', empty: '暂无转发 No forwards',
    filters: [
      {name: 'subscription', label: '订阅 Subscription'},
      {name: 'state', label: '状态 State', kind: 'select', options: ['pending', 'delivering', 'delivered', 'failed']},
      {name: 'event_id', label: '事件 Event ID'}, {name: 'message_id', label: '消息 Message ID'}, LIMIT_FIELD,
    ],
    onRow: (f) => openForward(f.id),
    columns: [
      {head: '创建 Created', class: 'nowrap', render: (f) => fmtTime(f.created_at)},
      {head: 'ID', class: 'mono id', render: (f) => display(f.id)},
      {head: '订阅 Subscription', class: 'nowrap', render: (f) => display(f.subscription)},
      {head: '类型 Type', class: 'nowrap', render: (f) => el('span', null, el('span', {class: 'tag', text: display(f.type)}),
        isBlank(f.rule) ? null : el('span', {class: 'tag', text: '规则 rule ' + display(f.rule)}))},
      {head: '状态 State', class: 'nowrap', render: (f) => stateBadge(f.state)},
      {head: '尝试 Attempts', class: 'nowrap', render: (f) => display(f.attempts)},
      {head: '最近状态码 Last status', class: 'nowrap', render: (f) => display(f.last_status)},
      {head: '回复 Reply', class: 'wrap', render: (f) => isBlank(f.reply_error) ? '' : el('span', {class: 'error', text: display(f.reply_error)})},
    ],
  });
  byId('replay-form').addEventListener('submit', (event) => {
    event.preventDefault();
    replayEvent();
  });
  sectionLoaders.forwards = () => {
    loadSubscriptions();
    forwardView.load();
  };
}

async function loadSubscriptions() {
  const status = byId('subscription-status');
  try {
    const {data} = await api('GET', '/api/subscriptions');
    const items = data && Array.isArray(data.items) ? data.items : [];
    const body = clear(byId('subscription-table').tBodies[0]);
    for (const s of items) {
      const counts = s.counts || {};
      const row = el('tr', {class: 'clickable', tabindex: '0', title: '只看此订阅 Show its forwards'},
        el('td', {class: 'nowrap', text: display(s.name)}),
        el('td', {class: 'mono wrap', text: display(s.url)}),
        el('td', {class: 'wrap', text: Array.isArray(s.events) ? (s.events.length ? s.events.join(', ') : '仅规则 rules only') : '全部 all'}),
        el('td', {text: fmtCount(counts.pending)}),
        el('td', {text: fmtCount(counts.delivering)}),
        el('td', {text: fmtCount(counts.delivered)}),
        el('td', {class: Number(counts.failed) > 0 ? 'error' : null, text: fmtCount(counts.failed)}),
        el('td', {class: 'nowrap', text: fmtTime(s.last_success_at)}),
        el('td', {class: 'nowrap', text: fmtTime(s.last_failure_at)}));
      row.addEventListener('click', () => showSubscription(s.name));
      body.append(row);
    }
    byId('subscription-empty').hidden = items.length > 0;
    setStatus(status, '');
  } catch (error) {
    setStatus(status, describeError(error), 'error');
  }
}

function showSubscription(name) {
  const form = byId('forward-filters');
  form.elements.subscription.value = String(name || '');
  form.requestSubmit();
}

async function replayEvent() {
  const form = byId('replay-form');
  const status = byId('replay-status');
  const id = form.elements.event.value.trim();
  const subscription = form.elements.subscription.value.trim();
  if (!id || !subscription) return;
  setStatus(status, '处理中 Working…');
  try {
    const {data} = await api('POST', '/api/events/' + encodeURIComponent(id) + '/replay', {body: {subscription}});
    setStatus(status, '已创建 Created ' + display(data && data.id), 'ok');
    forwardView.load(true);
    loadSubscriptions();
  } catch (error) {
    setStatus(status, describeError(error), 'error');
  }
}

function openForward(id) {
  if (isBlank(id)) return;
  openDrawer('forward', '转发 Forward', String(id));
  loadForward(false);
}

async function loadForward(quiet) {
  const id = drawerForwardId;
  if (id) await loadIntoDrawer('/api/forwards/' + encodeURIComponent(id), () => drawerForwardId === id, renderForward, quiet);
}

async function retryForward(statusNode) {
  const id = drawerForwardId;
  if (!id) return;
  setStatus(statusNode, '处理中 Working…');
  try {
    const {data} = await api('POST', '/api/forwards/' + encodeURIComponent(id) + '/retry');
    drawerNote = '已重新发送 Sending again' + (data && data.state ? ' (' + data.state + ')' : '');
    await loadForward(false);
    if (activeTab === 'forwards' && forwardView) forwardView.load(true);
  } catch (error) {
    setStatus(statusNode, describeError(error), 'error');
  }
}

function forwardAttemptsTable(rows) {
  if (!Array.isArray(rows) || rows.length === 0) return el('p', {class: 'muted', text: '—'});
  const head = ['#', '开始 Started', '耗时 Duration', '状态码 Status', '错误 Error', '应答 Answer'];
  return el('div', {class: 'table-wrap'}, el('table', {class: 'compact'},
    el('thead', null, el('tr', null, head.map((h) => el('th', {text: h})))),
    el('tbody', null, rows.map((a) => el('tr', null,
      el('td', {text: display(a.attempt)}),
      el('td', {class: 'nowrap', text: fmtTime(a.started_at, true)}),
      el('td', {class: 'nowrap', text: fmtMillis(a.duration_ms)}),
      el('td', {text: display(a.status)}),
      el('td', {class: 'error wrap', text: isBlank(a.error) ? '' : display(a.error)}),
      el('td', {class: 'mono wrap', text: isBlank(a.answer) ? '' : truncate(a.answer, 300)}))))));
}

function renderForward(f) {
  const body = clear(byId('drawer-body'));
  const status = el('span', {class: 'status'});
  body.append(el('div', {class: 'actions'},
    stateBadge(f.state),
    el('button', {type: 'button', class: 'btn small primary', text: '重试 Retry', disabled: f.state !== 'failed',
      title: '仅 failed 可重试 Only a failed forward can be retried', onclick: () => retryForward(status)}),
    status));
  if (drawerNote) {
    setStatus(status, drawerNote, 'ok');
    drawerNote = null;
  }
  body.append(kvList([
    ['ID (webhook-id)', f.id],
    ['订阅 Subscription', f.subscription],
    ['类型 Type', f.type],
    ['事件 Event', eventLink(f.event_id)],
    ['消息 Message', isBlank(f.message_id) ? null : el('button', {type: 'button', class: 'link mono', text: display(f.message_id),
      onclick: () => openMessage(f.message_id)})],
    ['规则 Rule', f.rule],
    ['尝试次数 Attempts', f.attempts],
    ['下次尝试 Next attempt', isBlank(f.next_attempt_at) ? null : fmtTime(f.next_attempt_at, true)],
    ['最近状态码 Last status', f.last_status],
    ['回复错误 Reply error', isBlank(f.reply_error) ? null : el('span', {class: 'error', text: display(f.reply_error)})],
    ['创建 Created', fmtTime(f.created_at, true)],
    ['更新 Updated', fmtTime(f.updated_at, true)],
  ]));
  body.append(el('h3', {text: '尝试记录 Attempt history'}), forwardAttemptsTable(f.attempt_history));
  body.append(el('h3', {text: '请求体 Body'}), el('pre', {class: 'mono', text: JSON.stringify(f.body, null, 2)}));
}
