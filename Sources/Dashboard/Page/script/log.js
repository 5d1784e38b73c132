// A paged table over one list endpoint ({"items","count","total"}, newest first).
function listView(config) {
  const view = {offset: 0, busy: false};
  const form = byId(config.form);
  const table = byId(config.table);
  const status = byId(config.status);
  const newer = byId(config.newer);
  const older = byId(config.older);

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
    byId(config.summary).textContent = items.length
      ? (view.offset + 1) + '–' + (view.offset + items.length) + ' / 共 ' + total + ' total'
      : '0 / 共 ' + total + ' total';
    byId(config.empty).hidden = items.length > 0;
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
  filterBar('log-filters', [
    {name: 'state', label: '状态 State', kind: 'select', options: STATES},
    PROVIDER_FIELD, ACCOUNT_FIELD, CONVERSATION_FIELD, SINCE_FIELD, UNTIL_FIELD, LIMIT_FIELD,
  ], {status: 'log-status', extra: el('label', {class: 'check'},
    el('input', {type: 'checkbox', id: 'log-auto'}), ' 自动刷新 Auto-refresh (5 s)')});
  logView = listView({
    path: '/api/messages', form: 'log-filters', table: 'log-table', status: 'log-status',
    summary: 'log-summary', empty: 'log-empty', newer: 'log-newer', older: 'log-older',
    onRow: (m) => openMessage(m.id),
    columns: [
      {render: (m) => fmtTime(m.created_at)},
      {class: 'mono id', render: (m) => display(m.id)},
      {class: 'who', render: (m) => display(m.provider) + '/' + display(m.account)},
      {class: 'mono who', render: (m) => display(m.conversation)},
      {class: 'clip', render: (m) => {
        const text = itemSummary(m.items);
        return el('span', {title: truncate(text, 500), text: truncate(text, 120)});
      }},
      {render: (m) => stateBadge(m.state)},
      {render: (m) => display(m.attempts)},
      {class: 'who', render: originCell},
      {class: 'clip error', render: (m) => isBlank(m.error) ? '' : el('span', {title: display(m.error), text: display(m.error)})},
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
