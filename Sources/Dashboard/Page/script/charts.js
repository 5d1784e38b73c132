// Charts over time, drawn here as inline SVG (no library): stacked bars, one per bucket of
// `GET /api/stats/series`. Built with createElementNS and text nodes, like the rest of the page.
const SVG_NS = 'http://www.w3.org/2000/svg';

function svgEl(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === 'text') node.textContent = String(value);
    else node.setAttribute(key, String(value));
  }
  return append(node, children);
}

// The final states grouped as an operator reads them, each with its colour; `in flight` is what
// has not reached a final state yet.
const MESSAGE_SERIES = [
  {name: '成功 delivered', states: ['delivered', 'sent'], color: '#2da44e'},
  {name: '失败 failed', states: ['failed', 'expired'], color: '#cf222e'},
  {name: '已取消 cancelled', states: ['cancelled'], color: '#9ca3af'},
  {name: '进行中 in flight', states: ['queued', 'sending', 'accepted', 'echoed'], color: '#218bff'},
];

// A round step for the y axis (1, 2 or 5 × a power of ten) so that `max` fits in about four steps.
function niceStep(max) {
  const rough = Math.max(1, max) / 4;
  const power = Math.pow(10, Math.floor(Math.log10(rough)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough);
  return Math.max(1, step);
}

// `series`: [{name, color, values: [number per bucket]}], stacked bottom up; `labels` name the
// buckets. Returns a figure: the SVG (scaled to its box) and a legend with each series' total.
function barChart(labels, series, caption) {
  const width = 720, height = 220, left = 44, right = 8, top = 10, bottom = 40;
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (Number(s.values[i]) || 0), 0));
  const step = niceStep(Math.max(0, ...totals));
  const max = Math.max(step, Math.ceil(Math.max(0, ...totals) / step) * step);
  const plotWidth = width - left - right, plotHeight = height - top - bottom;
  const y = (value) => top + plotHeight - value / max * plotHeight;
  const chart = svgEl('svg', {viewBox: '0 0 ' + width + ' ' + height, class: 'chart', role: 'img', 'aria-label': caption});
  for (let tick = 0; tick <= max; tick += step) {
    chart.append(svgEl('line', {x1: left, x2: width - right, y1: y(tick), y2: y(tick), class: 'grid'}),
      svgEl('text', {x: left - 6, y: y(tick) + 4, 'text-anchor': 'end', class: 'axis', text: fmtCount(tick)}));
  }
  const slot = plotWidth / Math.max(1, labels.length);
  const barWidth = Math.max(1, slot * 0.75);
  // At most about eight labels under the axis, evenly spaced.
  const every = Math.max(1, Math.ceil(labels.length / 8));
  labels.forEach((label, i) => {
    const x = left + i * slot + (slot - barWidth) / 2;
    let base = 0;
    for (const s of series) {
      const value = Number(s.values[i]) || 0;
      if (value <= 0) continue;
      chart.append(svgEl('rect', {x: x.toFixed(2), y: y(base + value).toFixed(2), width: barWidth.toFixed(2),
        height: (value / max * plotHeight).toFixed(2), fill: s.color}, svgEl('title', {text: label + ' · ' + s.name + ': ' + value})));
      base += value;
    }
    if (i % every === 0) {
      chart.append(svgEl('text', {x: (x + barWidth / 2).toFixed(2), y: height - bottom + 16, 'text-anchor': 'middle',
        class: 'axis', text: label}));
    }
  });
  chart.append(svgEl('line', {x1: left, x2: width - right, y1: y(0), y2: y(0), class: 'baseline'}));
  const legend = el('div', {class: 'legend'}, series.map((s) => el('span', null,
    el('i', {class: 'swatch', style: 'background:' + s.color}), s.name + ' ' + fmtCount(s.values.reduce((a, b) => a + (Number(b) || 0), 0)))));
  return el('figure', {class: 'chart-box'}, el('figcaption', {text: caption}), chart, legend);
}

// The short label under a bar: the day (`MM-DD`) or the hour (`HH:00`, with the day at midnight).
function bucketLabel(bucket, hourly) {
  const label = String(bucket.label || '');
  if (!hourly) return label.slice(5);
  const hour = label.slice(11);
  return hour === '00:00' ? label.slice(5, 10) : hour;
}

function renderSeries(data) {
  const box = clear(byId('stats-charts'));
  const buckets = data && Array.isArray(data.buckets) ? data.buckets : [];
  const hourly = data && data.bucket === 'hour';
  const labels = buckets.map((b) => bucketLabel(b, hourly));
  const unit = hourly ? '每小时 per hour' : '每天 per day';
  const messages = MESSAGE_SERIES.map((s) => ({name: s.name, color: s.color,
    values: buckets.map((b) => s.states.reduce((sum, state) => sum + (Number((b.messages || {})[state]) || 0), 0))}));
  box.append(barChart(labels, messages, '消息（按最终状态） Messages by final state, ' + unit),
    barChart(labels, [{name: '事件 events', color: '#8250df', values: buckets.map((b) => Number(b.events) || 0)}],
      '入站事件 Events received, ' + unit));
  byId('stats-zone').textContent = data && data.time_zone ? '时区 Time zone: ' + data.time_zone : '';
}
