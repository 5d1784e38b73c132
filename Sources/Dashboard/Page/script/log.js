// A paged table over one list endpoint ({"items","count","total"}, newest first), with its
// filter bar. Every list view (log, events, forwards) is built here from `config`: `prefix` names
// its parts (`#<prefix>-filters` form, `#<prefix>-list` card, `-table`, `-status`, …), `filters`
// the filter bar's fields, `columns` the table's ({head, class, render}), `empty` what an empty
// page says, `onRow` what choosing a row does.
function listView(config) {
  const view = {offset: 0, busy: false};
  const prefix = config.prefix;
  const form = filterBar(prefix + '-filters', config.filters, Object.assign({status: prefix + '-status'}, config.actions));
  const status = byId(prefix + '-status');
  const summary = el('span', {id: prefix + '-summary', class: 'muted'});
  const newer = el('button', {type: 'button', id: prefix + '-newer', class: 'btn small', text: '← 较新 Newer'});
  const older = el('button', {type: 'button', id: prefix + '-older', class: 'btn small', text: '较旧 Older →'});
  const table = el('table', {id: prefix + '-table'},
    el('thead', null, el('tr', null, config.columns.map((column) => el('th', {text: column.head})))), el('tbody'));
  const empty = el('p', {id: prefix + '-empty', class: 'empty', text: config.empty});
  clear(byId(prefix + '-list')).append(el('div', {class: 'table-head'}, summary, el('span', {class: 'pager'}, newer, older)),
    el('div', {class: 'table-wrap'}, table), empty);

  function limit() {
    return Number(form.elements.limit.value) || 50;
  }

  function render(data) {
    const items = data && Array.isArray(data.items) ? data.items : [];
    const total = Number(data && data.total) || 0;
    const body = clear(table.tBodies[0]);
    for (const row of items) {
      const tr = el('tr', config.onRow ? {class: 'clickable', tabindex: '0'} : null,
        config.columns.map((column) => el('td', {class: column.class}, column.render(row))));
      if (config.onRow) {
        tr.addEventListener('click', (event) => {
          if (!event.target.closest('button')) config.onRow(row);
        });
        tr.addEventListener('keydown', (event) => {
          if (event.key === 'Enter' && event.target === tr) config.onRow(row);
        });
      }
      body.append(tr);
    }
    summary.textContent = items.length
      ? (view.offset + 1) + '–' + (view.offset + items.length) + ' / 共 ' + total + ' total'
      : '0 / 共 ' + total + ' total';
    empty.hidden = items.length > 0;
    newer.disabled = view.offset === 0;
    older.disabled = view.offset + items.length >= total;
  }

  view.load = async function (quiet) {
    if (view.busy) return;
    view.busy = true;
    if (!quiet) setStatus(status, '加载中 Loading…');
    const query = formQuery(form);
    query.set('offset', String(view.offset));
    try {
      const {data} = await api('GET', config.path + '?' + query.toString());
      render(data);
      setStatus(status, quiet ? '' : '已更新 Updated ' + fmtTime(Date.now() / 1000).slice(11), quiet ? '' : 'ok');
    } catch (error) {
      setStatus(status, describeError(error), 'error');
    } finally {
      view.busy = false;
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    view.offset = 0;
    view.load();
  });
  // The form's reset happens after this event: load once the fields are cleared.
  form.addEventListener('reset', () => setTimeout(() => {
    view.offset = 0;
    view.load();
  }, 0));
  newer.addEventListener('click', () => {
    view.offset = Math.max(0, view.offset - limit());
    view.load();
  });
  older.addEventListener('click', () => {
    view.offset += limit();
    view.load();
  });
  return view;
}

let logView = null;
let logTimer = null;

function originCell(m) {
  if (m.origin === 'rule') return el('span', null, el('span', {class: 'tag', text: 'rule'}), display(m.rule));
  return display(m.origin);
}

function initLog() {
  logView = listView({
    prefix: 'log', path: '/api/messages', empty: '暂无记录 No messages',
    filters: [
      {name: 'state', label: '状态 State', kind: 'select', options: STATES},
      PROVIDER_FIELD, ACCOUNT_FIELD, CONVERSATION_FIELD, SINCE_FIELD, UNTIL_FIELD, LIMIT_FIELD,
    ],
    actions: {extra: el('label', {class: 'check'}, el('input', {type: 'checkbox', id: 'log-auto'}), ' 自动刷新 Auto-refresh (5 s)')},
    onRow: (m) => openMessage(m.id),
    columns: [
      {head: '时间 Created', render: (m) => fmtTime(m.created_at)},
      {head: 'ID', class: 'mono id', render: (m) => display(m.id)},
      {head: '服务商/账号 Provider/Account', class: 'who', render: (m) => display(m.provider) + '/' + display(m.account)},
      {head: '会话 Conversation', class: 'mono who', render: (m) => display(m.conversation)},
      {head: '内容 Content', class: 'clip', render: (m) => {
        const text = itemSummary(m.items);
        return el('span', {title: truncate(text, 500), text: truncate(text, 120)});
      }},
      {head: '状态 State', render: (m) => stateBadge(m.state)},
      {head: '尝试 Attempts', render: (m) => display(m.attempts)},
      {head: '来源 Origin', class: 'who', render: originCell},
      {head: '错误 Error', class: 'clip error',
        render: (m) => isBlank(m.error) ? '' : el('span', {title: display(m.error), text: display(m.error)})},
    ],
  });
  sectionLoaders.log = () => logView.load();
  byId('log-auto').addEventListener('change', (event) => {
    clearInterval(logTimer);
    logTimer = event.target.checked ? setInterval(autoRefreshLog, 5000) : null;
  });
}

// Refreshes only what the operator can see: the log while its tab is shown, the open message.
function autoRefreshLog() {
  // Hidden page, or the token dialog is waiting for the operator: nothing to refresh for.
  if (document.hidden || byId('token-dialog').open) return;
  if (activeTab === 'log') logView.load(true);
  if (drawerMessageId) loadMessage(true);
}
