const STATE_COLORS = {
  queued: '#8c959f', sending: '#218bff', accepted: '#6366f1', echoed: '#14b8a6', delivered: '#2da44e',
  sent: '#4ac26b', failed: '#cf222e', expired: '#f97316', cancelled: '#9ca3af',
};

function renderStateBars(byState) {
  const counts = Object.assign({}, byState || {});
  const names = STATES.concat(Object.keys(counts).filter((s) => !STATES.includes(s)));
  const max = Math.max(1, ...names.map((s) => Number(counts[s]) || 0));
  const bars = clear(byId('stats-bars'));
  for (const name of names) {
    const count = Number(counts[name]) || 0;
    const fill = el('div', {class: 'bar-fill'});
    fill.style.width = (count / max * 100).toFixed(2) + '%';
    fill.style.background = STATE_COLORS[name] || '#8c959f';
    bars.append(el('div', {class: 'bar-row', title: name + ': ' + count},
      stateBadge(name), el('div', {class: 'bar-track'}, fill), el('span', {class: 'bar-count', text: fmtCount(count)})));
  }
}

function renderStats(data) {
  const stats = data || {};
  byId('stat-total').textContent = fmtCount(stats.total);
  byId('stat-delivered').textContent = fmtCount(stats.delivered);
  byId('stat-failed').textContent = fmtCount(stats.failed);
  byId('stat-rate').textContent = fmtRate(stats.success_rate);
  byId('stats-period').textContent = isBlank(stats.days) ? '' : '最近 ' + stats.days + ' 天 last ' + stats.days + ' day(s)';
  renderStateBars(stats.by_state);
  const latency = stats.latency_ms || {};
  byId('lat-accept-p50').textContent = fmtMillis(latency.accept_p50);
  byId('lat-accept-p99').textContent = fmtMillis(latency.accept_p99);
  byId('lat-confirm-p50').textContent = fmtMillis(latency.confirm_p50);
  byId('lat-confirm-p99').textContent = fmtMillis(latency.confirm_p99);
}

async function loadStats() {
  const form = byId('stats-form');
  const status = byId('stats-status');
  const days = Number(form.elements.days.value);
  if (!Number.isInteger(days) || days < 1 || days > 90) {
    setStatus(status, '天数须为 1–90 Days must be 1 to 90', 'error');
    return;
  }
  setStatus(status, '加载中 Loading…');
  const query = formQuery(form);
  query.delete('bucket');
  // Hourly bars cover at most the last 7 days.
  const series = formQuery(form);
  if (series.get('bucket') === 'hour') series.set('days', String(Math.min(days, 7)));
  try {
    const [{data}, {data: buckets}] = await Promise.all([
      api('GET', '/api/stats?' + query.toString()), api('GET', '/api/stats/series?' + series.toString())]);
    renderStats(data);
    renderSeries(buckets);
    setStatus(status, '已更新 Updated ' + fmtTime(Date.now() / 1000).slice(11), 'ok');
  } catch (error) {
    setStatus(status, describeError(error), 'error');
  }
}

async function loadHealth() {
  const list = byId('health');
  try {
    const data = (await refreshHealthPill()) || {};
    const queue = data.queue || {};
    const ok = data.status === 'ok';
    clear(list).append(...kvList([
      ['状态 Status', el('span', {class: 'badge ' + (ok ? 'yes' : 'no'), text: display(data.status)})],
      ['版本 Version', data.version],
      ['数据库 Database', data.database],
      ['账号数 Accounts', data.accounts],
      ['排队 Queued', fmtCount(queue.queued)],
      ['发送中 Sending', fmtCount(queue.sending)],
      ['待回执 Awaiting receipt', fmtCount(queue.awaiting_receipt)],
    ]).childNodes);
  } catch (error) {
    clear(list).append(el('dt', {text: '错误 Error'}), el('dd', {class: 'error', text: describeError(error)}));
  }
}

function initStats() {
  filterBar('stats-form', [
    {name: 'days', label: '天数 Days (1–90)', kind: 'number', min: 1, max: 90, value: 7, required: true},
    {name: 'bucket', label: '图表粒度 Chart bars', kind: 'select', all: false,
      options: [['day', '每天 per day'], ['hour', '每小时 per hour (≤ 7 天 days)']]},
    PROVIDER_FIELD, ACCOUNT_FIELD,
  ], {status: 'stats-status', submit: '刷新 Refresh', reset: false});
  byId('stats-form').addEventListener('submit', (event) => {
    event.preventDefault();
    loadStats();
    loadHealth();
  });
  byId('health-refresh').addEventListener('click', loadHealth);
  sectionLoaders.stats = () => {
    loadStats();
    loadHealth();
  };
}
