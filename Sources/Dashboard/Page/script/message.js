let drawerMessageId = null;
let drawerNote = null;

function openMessage(id) {
  if (isBlank(id)) return;
  drawerForwardId = null;
  drawerMessageId = String(id);
  drawerNote = null;
  byId('drawer-title').textContent = '消息 Message ' + drawerMessageId;
  clear(byId('drawer-body')).append(el('p', {class: 'muted', text: '加载中 Loading…'}));
  byId('drawer').hidden = false;
  byId('drawer-backdrop').hidden = false;
  setHash(activeTab + '/' + encodeURIComponent(drawerMessageId));
  loadMessage(false);
}

// Closes the drawer, whether it shows a message or a forward.
function closeMessage() {
  drawerMessageId = null;
  drawerForwardId = null;
  byId('drawer').hidden = true;
  byId('drawer-backdrop').hidden = true;
  setHash(activeTab);
}

async function loadMessage(quiet) {
  const id = drawerMessageId;
  if (!id) return;
  try {
    const {data} = await api('GET', '/api/messages/' + encodeURIComponent(id));
    if (drawerMessageId === id) renderMessage(data || {});
  } catch (error) {
    if (drawerMessageId === id && !quiet) clear(byId('drawer-body')).append(errorNotice(error));
  }
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
      isBlank(row.cause) ? null : el('div', {class: 'tl-cause', text: display(row.cause)}));
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
    el('button', {type: 'button', class: 'btn small' + (retryable ? ' primary' : ''), text: '重试 Retry',
      title: '仅 failed / expired 可重试 Only failed or expired messages can be retried',
      onclick: () => messageAction('retry', status)}),
    el('button', {type: 'button', class: 'btn small' + (m.state === 'queued' ? ' danger' : ''), text: '取消 Cancel',
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
    ['回复事件 In reply to', m.in_reply_to],
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
  byId('drawer-refresh').addEventListener('click', () => (drawerForwardId ? loadForward(false) : loadMessage(false)));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && (drawerMessageId || drawerForwardId) && !byId('token-dialog').open) closeMessage();
  });
}
