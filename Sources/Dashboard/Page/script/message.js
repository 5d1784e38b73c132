let drawerMessageId = null;
let drawerEventId = null;
let drawerNote = null;

// Shows the drawer titled `title` with a loading line, for the message, forward or event
// (`kind`) just chosen; the URL hash names it so a reload reopens it.
function openDrawer(kind, title, id) {
  drawerMessageId = kind === 'message' ? id : null;
  drawerForwardId = kind === 'forward' ? id : null;
  drawerEventId = kind === 'event' ? id : null;
  drawerNote = null;
  byId('drawer-title').textContent = title + ' ' + id;
  clear(byId('drawer-body')).append(el('p', {class: 'muted', text: '加载中 Loading…'}));
  byId('drawer').hidden = false;
  byId('drawer-backdrop').hidden = false;
  setHash(activeTab + '/' + encodeURIComponent(id));
}

function openMessage(id) {
  if (isBlank(id)) return;
  openDrawer('message', '消息 Message', String(id));
  loadMessage(false);
}

// A link that opens an event in the drawer, or '—'.
function eventLink(id) {
  if (isBlank(id)) return null;
  return el('button', {type: 'button', class: 'link mono', text: display(id), title: '查看事件 Open event',
    onclick: () => openEvent(id)});
}

// Text with every event id in it (`e_…`, as timeline causes name callbacks) made a link.
function withEventLinks(text) {
  const parts = String(text).split(/\b(e_[A-Za-z0-9_-]+)/);
  return parts.map((part, index) => index % 2 === 1 ? eventLink(part) : part);
}

// Closes the drawer, whatever it shows.
function closeMessage() {
  drawerMessageId = null;
  drawerForwardId = null;
  drawerEventId = null;
  byId('drawer').hidden = true;
  byId('drawer-backdrop').hidden = true;
  setHash(activeTab);
}

// Reads `path` and renders it in the drawer if the drawer still shows that record
// (`stillShown`) when the answer comes; an error replaces the body unless `quiet`.
async function loadIntoDrawer(path, stillShown, render, quiet) {
  try {
    const {data} = await api('GET', path);
    if (stillShown()) render(data || {});
  } catch (error) {
    if (stillShown() && !quiet) clear(byId('drawer-body')).append(errorNotice(error));
  }
}

async function loadMessage(quiet) {
  const id = drawerMessageId;
  if (id) await loadIntoDrawer('/api/messages/' + encodeURIComponent(id), () => drawerMessageId === id, renderMessage, quiet);
}

async function messageAction(action, statusNode) {
  const id = drawerMessageId;
  if (!id) return;
  if (action === 'cancel' && !window.confirm('取消这条消息？ Cancel message ' + id + '?')) return;
  setStatus(statusNode, '处理中 Working…');
  try {
    const {data} = await api('POST', '/api/messages/' + encodeURIComponent(id) + '/' + action);
    drawerNote = (action === 'retry' ? '已重新排队 Re-queued' : '已取消 Cancelled') +
      (data && data.state ? ' (' + data.state + ')' : '');
    await loadMessage(false);
    if (activeTab === 'log' && logView) logView.load(true);
  } catch (error) {
    setStatus(statusNode, describeError(error), 'error');
  }
}

function timelineList(rows) {
  if (!Array.isArray(rows) || rows.length === 0) return el('p', {class: 'muted', text: '—'});
  return el('ol', {class: 'timeline'}, rows.map((row) => {
    const unchanged = row.from === row.to;
    return el('li', {class: unchanged ? 'noop' : null},
      el('div', {class: 'tl-head'}, stateBadge(row.from), el('span', {class: 'muted', text: '→'}), stateBadge(row.to),
        unchanged ? el('span', {class: 'muted', text: '无变化 no change'}) : null),
      el('div', {class: 'tl-time', text: fmtTime(row.time, true)}),
      isBlank(row.cause) ? null : el('div', {class: 'tl-cause'}, withEventLinks(display(row.cause))));
  }));
}

function attemptsTable(rows) {
  if (!Array.isArray(rows) || rows.length === 0) return el('p', {class: 'muted', text: '—'});
  const head = ['#', '发送 ID api_send_ids', '开始 Started', '结果 Outcome', '错误 Error'];
  return el('div', {class: 'table-wrap'}, el('table', {class: 'compact'},
    el('thead', null, el('tr', null, head.map((h) => el('th', {text: h})))),
    el('tbody', null, rows.map((a) => el('tr', null,
      el('td', {text: display(a.attempt)}),
      el('td', {class: 'mono wrap', text: Array.isArray(a.api_send_ids) ? a.api_send_ids.join('\n') : display(a.api_send_ids)}),
      el('td', {class: 'nowrap', text: fmtTime(a.started_at)}),
      el('td', {text: display(a.outcome)}),
      el('td', {class: 'error wrap', text: isBlank(a.error) ? '' : display(a.error)}))))));
}

function renderMessage(m) {
  const body = clear(byId('drawer-body'));
  const status = el('span', {class: 'status'});
  const retryable = m.state === 'failed' || m.state === 'expired';
  body.append(el('div', {class: 'actions'},
    stateBadge(m.state),
    el('button', {type: 'button', class: 'btn small primary', text: '重试 Retry', disabled: !retryable,
      title: '仅 failed / expired 可重试 Only failed or expired messages can be retried',
      onclick: () => messageAction('retry', status)}),
    el('button', {type: 'button', class: 'btn small danger', text: '取消 Cancel', disabled: m.state !== 'queued',
      title: '仅 queued 可取消 Only queued messages can be cancelled',
      onclick: () => messageAction('cancel', status)}),
    status));
  if (drawerNote) {
    setStatus(status, drawerNote, 'ok');
    drawerNote = null;
  }
  body.append(kvList([
    ['ID', m.id],
    ['服务商 Provider', m.provider],
    ['账号 Account', m.account],
    ['会话 Conversation', m.conversation],
    ['来源 Origin', m.origin],
    ['规则 Rule', m.rule],
    ['回复事件 In reply to', eventLink(m.in_reply_to)],
    ['尝试次数 Attempts', m.attempts],
    ['服务商 ID Provider ids', Array.isArray(m.provider_ids) && m.provider_ids.length ? m.provider_ids.join('\n') : null],
    ['错误 Error', isBlank(m.error) ? null : el('span', {class: 'error', text: display(m.error)})],
    ['创建 Created', fmtTime(m.created_at, true)],
    ['更新 Updated', fmtTime(m.updated_at, true)],
  ]));
  body.append(el('h3', {text: '消息项 Items'}), renderItems(m.items));
  body.append(el('h3', {text: '尝试记录 Attempt history'}), attemptsTable(m.attempt_history));
  body.append(el('h3', {text: '时间线 Timeline'}), timelineList(m.timeline));
}

function initMessageDrawer() {
  byId('drawer-close').addEventListener('click', closeMessage);
  byId('drawer-backdrop').addEventListener('click', closeMessage);
  byId('drawer-refresh').addEventListener('click', () => {
    if (drawerForwardId) loadForward(false);
    else if (drawerEventId) loadEvent();
    else loadMessage(false);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && (drawerMessageId || drawerForwardId || drawerEventId) && !byId('token-dialog').open) closeMessage();
  });
}
