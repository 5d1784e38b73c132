'use strict';

const PROVIDERS = ['botadmin', 'yunzhenji', 'gowechat', 'wecom'];
const STATES = ['queued', 'sending', 'accepted', 'echoed', 'delivered', 'sent', 'failed', 'expired', 'cancelled'];

function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error('missing #' + id);
  return node;
}

// el('button', {class: 'btn', text: label, onclick: fn}, child, …): attributes are set as
// attributes, `text` as textContent, `on…` only as listeners (functions, never strings).
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = String(value);
    else if (key === 'text') node.textContent = String(value);
    else if (key.startsWith('on')) {
      if (typeof value !== 'function') throw new TypeError(key + ' must be a function');
      node.addEventListener(key.slice(2), value);
    } else node.setAttribute(key, value === true ? '' : String(value));
  }
  return append(node, children);
}

function append(node, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function clear(node) {
  node.replaceChildren();
  return node;
}

function pad(n, width) {
  return String(n).padStart(width || 2, '0');
}

function isBlank(value) {
  return value === undefined || value === null || value === '';
}

// Unix seconds (fractions allowed) → local "YYYY-MM-DD HH:mm:ss", with milliseconds on request.
function fmtTime(seconds, withMillis) {
  if (isBlank(seconds)) return '—';
  const date = new Date(Number(seconds) * 1000);
  if (isNaN(date.getTime())) return String(seconds);
  const text = date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + ' ' +
    pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
  return withMillis ? text + '.' + pad(date.getMilliseconds(), 3) : text;
}

// A datetime-local value is local time; the API wants Unix seconds.
function toUnixSeconds(value) {
  if (!value) return null;
  const millis = new Date(value).getTime();
  return isNaN(millis) ? null : millis / 1000;
}

function fmtCount(n) {
  return isBlank(n) ? '—' : Number(n).toLocaleString();
}

function fmtMillis(n) {
  if (isBlank(n)) return '—';
  const value = Number(n);
  return value >= 10000 ? (value / 1000).toFixed(1) + ' s' : Math.round(value).toLocaleString() + ' ms';
}

function fmtRate(rate) {
  return isBlank(rate) ? '—' : (Number(rate) * 100).toFixed(1) + '%';
}

function truncate(text, length) {
  const value = String(text);
  return value.length > length ? value.slice(0, length - 1) + '…' : value;
}

function display(value) {
  if (isBlank(value)) return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

// Class names are built only from [a-z_], whatever the API sends.
function stateBadge(state) {
  const name = String(state || '').toLowerCase().replace(/[^a-z_]/g, '');
  return el('span', {class: 'badge state-' + name, text: isBlank(state) ? '∅' : String(state)});
}

function yesNo(flag) {
  return el('span', {class: 'badge ' + (flag ? 'yes' : 'no'), text: flag ? '是 yes' : '否 no'});
}

function kvList(pairs) {
  const list = el('dl', {class: 'kv'});
  for (const [label, value] of pairs) {
    list.append(el('dt', {text: label}), el('dd', null, value instanceof Node ? value : display(value)));
  }
  return list;
}

function itemSummary(items) {
  if (!Array.isArray(items) || items.length === 0) return '';
  return items.map((item) => {
    if (!item || typeof item !== 'object') return String(item);
    if (item.type === 'text') return String(item.text || '');
    return '[' + item.type + '] ' + String(item.title || item.url || item.appid || '');
  }).join(' · ');
}

function renderItem(item) {
  const box = el('div', {class: 'item'}, el('span', {class: 'tag', text: (item && item.type) || '?'}));
  const pairs = Object.entries(item || {}).filter(([key]) => key !== 'type');
  if (pairs.length) box.append(kvList(pairs));
  return box;
}

function renderItems(items) {
  if (!Array.isArray(items) || items.length === 0) return el('p', {class: 'muted', text: '—'});
  return el('div', null, items.map(renderItem));
}

function describeError(error) {
  if (error instanceof ApiError) return (error.status ? 'HTTP ' + error.status + ': ' : '') + error.message;
  return String((error && error.message) || error);
}

// A status line under a form: '' clears it; kind is 'ok' | 'error' | ''.
function setStatus(node, text, kind) {
  node.textContent = text || '';
  node.className = 'status' + (kind ? ' ' + kind : '');
}

// A boxed notice; `problems` (e.g. a 422's FILE:LINE list) become list entries.
function notice(kind, text, problems) {
  const box = el('div', {class: 'notice ' + kind, role: kind === 'error' ? 'alert' : null}, el('div', {text: text}));
  if (Array.isArray(problems) && problems.length) box.append(el('ul', null, problems.map((p) => el('li', {text: display(p)}))));
  return box;
}

function errorNotice(error) {
  const data = error instanceof ApiError ? error.data : null;
  return notice('error', describeError(error), data && data.problems);
}

function providerSelect(name) {
  return el('select', {name}, el('option', {value: '', text: '全部 Any'}), PROVIDERS.map((p) => el('option', {value: p, text: p})));
}

// The fields filter bars share.
const PROVIDER_FIELD = {name: 'provider', label: '服务商 Provider', kind: 'provider'};
const ACCOUNT_FIELD = {name: 'account', label: '账号 Account'};
const CONVERSATION_FIELD = {name: 'conversation', label: '会话 Conversation'};
const SINCE_FIELD = {name: 'since', label: '起始 Since', kind: 'datetime'};
const UNTIL_FIELD = {name: 'until', label: '截止 Until', kind: 'datetime'};
const LIMIT_FIELD = {name: 'limit', label: '每页 Per page', kind: 'limit'};

function filterInput(field) {
  switch (field.kind) {
    case 'provider':
      return providerSelect(field.name);
    case 'select':
      return el('select', {name: field.name}, field.all === false ? null : el('option', {value: '', text: '全部 All'}),
        field.options.map((o) => Array.isArray(o) ? el('option', {value: o[0], text: o[1]}) : el('option', {text: o})));
    case 'limit':
      return el('select', {name: field.name}, [20, 50, 100, 200, 500].map((n) => el('option', {text: String(n), selected: n === 50})));
    case 'datetime':
      return el('input', {type: 'datetime-local', name: field.name, step: '1'});
    case 'number':
      return el('input', {type: 'number', name: field.name, min: field.min, max: field.max, value: field.value, required: field.required});
    default:
      return el('input', {name: field.name, spellcheck: 'false', required: field.required});
  }
}

// Fills the empty `<form id=formId class="card filters">` of a view: one label per field, then
// the action row (submit, optional reset, `extra` nodes, the status line `actions.status`).
// Every view's filter bar is built here, so they look and behave alike.
function filterBar(formId, fields, actions) {
  const form = byId(formId);
  clear(form).append(...fields.map((field) => el('label', null, field.label, filterInput(field))));
  form.append(el('div', {class: 'filter-actions'},
    el('button', {type: 'submit', class: 'btn' + (actions.quiet ? '' : ' primary'), text: actions.submit || '查询 Search'}),
    actions.reset === false ? null : el('button', {type: 'reset', class: 'btn', text: '重置 Reset'}),
    actions.extra || null,
    el('span', {id: actions.status, class: 'status'})));
  return form;
}

// Reads a filter form into query parameters: blanks are left out, datetime-local becomes Unix seconds.
function formQuery(form) {
  const query = new URLSearchParams();
  for (const field of form.elements) {
    if (!field.name || field.type === 'submit' || field.type === 'button' || field.type === 'reset') continue;
    let value = field.type === 'checkbox' ? (field.checked ? 'true' : '') : field.value.trim();
    if (field.type === 'datetime-local') value = value ? String(toUnixSeconds(value) ?? '') : '';
    if (value) query.set(field.name, value);
  }
  return query;
}
