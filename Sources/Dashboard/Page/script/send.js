const MAX_ITEMS = 5;

// The fields of each item type, as `POST /api/send` reads them (docs/api.md, "Message items").
const ITEM_FIELDS = {
  text: [{name: 'text', label: '文本 Text', area: true, required: true}],
  image: [{name: 'url', label: '图片地址 Image URL', type: 'url', required: true}],
  link: [
    {name: 'title', label: '标题 Title', required: true},
    {name: 'url', label: '链接 URL', type: 'url', required: true},
    {name: 'desc', label: '描述 Description (optional)'},
    {name: 'image_url', label: '封面图 Image URL (optional)', type: 'url'},
  ],
  file: [
    {name: 'title', label: '文件名 Title', required: true},
    {name: 'url', label: '文件地址 File URL', type: 'url', required: true},
  ],
  voice: [
    {name: 'url', label: '语音地址 Voice URL', type: 'url', required: true},
    {name: 'duration', label: '时长（秒） Duration (s, 1–60)', type: 'number', min: 1, max: 60, required: true},
  ],
  miniprogram: [
    {name: 'appid', label: 'AppID', required: true},
    {name: 'title', label: '标题 Title', required: true},
    {name: 'page_path', label: '页面路径 Page path'},
    {name: 'appname', label: '小程序名 App name'},
    {name: 'appicon', label: '图标 App icon URL', type: 'url'},
    {name: 'extra', label: '其他字段 Extra fields (JSON object, optional)', area: true, json: true},
  ],
};

// What each provider can carry (the server refuses the rest with 422; this only warns early).
const PROVIDER_TYPES = {
  botadmin: ['text', 'image', 'link', 'miniprogram'],
  wecom: ['text', 'image', 'link', 'miniprogram'],
  yunzhenji: ['text', 'image', 'link', 'file', 'voice'],
  gowechat: ['text', 'image'],
};

function newUUID() {
  if (window.crypto && typeof crypto.randomUUID === 'function') {
    try {
      return crypto.randomUUID();
    } catch (_) {
      // Not a secure context: fall through to getRandomValues, which works everywhere.
    }
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
}

// The configured accounts (`GET /api/accounts`), null until they are read.
let sendAccounts = null;

// The options of a target's account select: every configured account as `provider/account`.
function accountOptions(select) {
  const chosen = select.value;
  clear(select);
  if (sendAccounts === null) select.append(el('option', {value: '', text: '加载中 Loading…'}));
  else if (sendAccounts.length === 0) select.append(el('option', {value: '', text: '未配置账号 No accounts are configured'}));
  for (const a of sendAccounts || []) {
    const value = a.provider + '/' + a.account;
    select.append(el('option', {value, text: value, selected: value === chosen}));
  }
}

async function loadAccounts() {
  try {
    const {data} = await api('GET', '/api/accounts');
    sendAccounts = data && Array.isArray(data.items) ? data.items : [];
  } catch (error) {
    setStatus(byId('send-status'), '无法读取账号 Cannot read the accounts: ' + describeError(error), 'error');
    return;
  }
  for (const select of byId('targets').querySelectorAll('select[data-key="target"]')) accountOptions(select);
  updatePreview();
}

function addTarget() {
  const account = el('select', {'data-key': 'target', required: true});
  accountOptions(account);
  const row = el('div', {class: 'target-row'},
    el('label', null, '账号 Account (服务商/账号 provider/account)', account),
    el('label', null, '会话 Conversation',
      el('input', {'data-key': 'conversation', required: true, spellcheck: 'false', placeholder: 'wxid_… / …@chatroom'})),
    el('label', null, '会话类型 Chat',
      el('select', {'data-key': 'chat'},
        el('option', {value: '', text: '自动 auto'}),
        el('option', {value: 'private', text: '私聊 private'}),
        el('option', {value: 'group', text: '群聊 group'}))),
    el('button', {type: 'button', class: 'btn small', title: '移除 Remove', 'aria-label': '移除目标 Remove target', text: '×',
      onclick: () => {
        if (byId('targets').children.length > 1) row.remove();
        updatePreview();
      }}));
  byId('targets').append(row);
}

function renderItemFields(row, type) {
  const fields = row.querySelector('.fields');
  const previous = {};
  for (const input of fields.querySelectorAll('[data-key]')) previous[input.dataset.key] = input.value;
  clear(fields);
  for (const spec of ITEM_FIELDS[type]) {
    const attrs = {'data-key': spec.name, required: spec.required || null, spellcheck: spec.area ? null : 'false'};
    let input;
    if (spec.area) input = el('textarea', Object.assign(attrs, {rows: spec.json ? 2 : 3}));
    else input = el('input', Object.assign(attrs, {type: spec.type || 'text', min: spec.min, max: spec.max}));
    if (spec.json) input.dataset.json = 'true';
    // Keep what was typed when switching between types that share a field (url, title).
    if (previous[spec.name] !== undefined) input.value = previous[spec.name];
    fields.append(el('label', {class: spec.area ? 'wide' : null}, spec.label, input));
  }
}

function addItem() {
  const list = byId('items');
  if (list.children.length >= MAX_ITEMS) return;
  const select = el('select', {'data-key': 'type', 'aria-label': '类型 Type'},
    Object.keys(ITEM_FIELDS).map((t) => el('option', {value: t, text: t})));
  const row = el('div', {class: 'item-row'},
    el('span', {class: 'index'}),
    el('label', null, '类型 Type', select),
    el('div', {class: 'fields'}),
    el('button', {type: 'button', class: 'btn small', title: '移除 Remove', 'aria-label': '移除消息 Remove item', text: '×',
      onclick: () => {
        if (list.children.length > 1) row.remove();
        renumberItems();
      }}));
  select.addEventListener('change', () => {
    renderItemFields(row, select.value);
    updatePreview();
  });
  renderItemFields(row, 'text');
  list.append(row);
  renumberItems();
}

function renumberItems() {
  const rows = byId('items').children;
  Array.from(rows).forEach((row, index) => { row.querySelector('.index').textContent = '#' + (index + 1); });
  byId('item-count').textContent = rows.length + '/' + MAX_ITEMS;
  byId('add-item').disabled = rows.length >= MAX_ITEMS;
  updatePreview();
}

// The request body from the form; throws an Error naming the field when something is off.
function buildSendBody() {
  const targets = Array.from(byId('targets').children, (row) => {
    const target = {};
    for (const input of row.querySelectorAll('[data-key]')) {
      const value = input.value.trim();
      if (!value) continue;
      if (input.dataset.key === 'target') {
        const slash = value.indexOf('/');
        target.provider = value.slice(0, slash);
        target.account = value.slice(slash + 1);
      } else {
        target[input.dataset.key] = value;
      }
    }
    return target;
  });
  const messages = Array.from(byId('items').children, (row, index) => {
    const item = {type: row.querySelector('select[data-key="type"]').value};
    for (const input of row.querySelectorAll('.fields [data-key]')) {
      const key = input.dataset.key;
      const raw = key === 'text' ? input.value : input.value.trim();
      if (raw.trim() === '') continue;
      if (input.dataset.json) {
        let extra;
        try {
          extra = JSON.parse(raw);
        } catch (error) {
          throw new Error('#' + (index + 1) + ' 其他字段不是合法 JSON Extra fields are not valid JSON: ' + error.message);
        }
        if (!extra || typeof extra !== 'object' || Array.isArray(extra)) {
          throw new Error('#' + (index + 1) + ' 其他字段必须是对象 Extra fields must be a JSON object');
        }
        for (const [k, v] of Object.entries(extra)) if (k !== 'type') item[k] = v;
      } else {
        item[key] = key === 'duration' ? Number(raw) : raw;
      }
    }
    return item;
  });
  const body = {targets, messages};
  const sendAt = toUnixSeconds(byId('send-at').value);
  if (sendAt !== null) body.send_at = Math.floor(sendAt);
  return body;
}

function updatePreview() {
  const preview = byId('send-preview');
  try {
    preview.textContent = JSON.stringify(buildSendBody(), null, 2);
  } catch (error) {
    preview.textContent = String(error.message);
  }
  updateTypeWarning();
}

function updateTypeWarning() {
  const types = Array.from(byId('items').querySelectorAll('select[data-key="type"]'), (s) => s.value);
  const problems = [];
  for (const select of byId('targets').querySelectorAll('select[data-key="target"]')) {
    const provider = select.value.split('/')[0];
    if (!provider) continue;
    const refused = types.filter((t) => !(PROVIDER_TYPES[provider] || []).includes(t));
    if (refused.length) problems.push(provider + ': ' + Array.from(new Set(refused)).join(', '));
  }
  const warning = clear(byId('send-warning'));
  warning.hidden = problems.length === 0;
  if (problems.length) {
    warning.append('服务商不支持这些类型，服务会拒绝（422） A provider cannot carry these types; the API will refuse them (422): ' +
      Array.from(new Set(problems)).join(' · '));
  }
}

function renderSendResult(data) {
  const messages = (data && Array.isArray(data.messages)) ? data.messages : [];
  const box = notice('ok', '已受理 Accepted (202): ' + messages.length + ' 条消息 message(s)');
  box.append(el('ul', {class: 'result-list'}, messages.map((m) => {
    const t = m.target || {};
    return el('li', null,
      el('button', {type: 'button', class: 'link mono', text: display(m.id), title: '查看时间线 Open timeline',
        onclick: () => openMessage(m.id)}),
      el('span', {text: display(t.provider) + '/' + display(t.account) + ' → ' + display(t.conversation)}),
      stateBadge(m.state));
  })));
  return box;
}

async function submitSend(event) {
  event.preventDefault();
  const status = byId('send-status');
  const result = clear(byId('send-result'));
  let body;
  try {
    body = buildSendBody();
  } catch (error) {
    setStatus(status, error.message, 'error');
    return;
  }
  const key = byId('idem-key').value.trim();
  const headers = key ? {'Idempotency-Key': key} : {};
  const button = byId('send-submit');
  button.disabled = true;
  setStatus(status, '发送中 Sending…');
  try {
    const {data} = await api('POST', '/api/send', {body, headers});
    setStatus(status, '');
    result.append(renderSendResult(data));
    byId('idem-key').value = newUUID();
  } catch (error) {
    setStatus(status, '');
    result.append(errorNotice(error));
  } finally {
    button.disabled = false;
  }
}

function initSend() {
  addTarget();
  addItem();
  byId('idem-key').value = newUUID();
  byId('add-target').addEventListener('click', () => { addTarget(); updatePreview(); });
  byId('add-item').addEventListener('click', addItem);
  byId('idem-new').addEventListener('click', () => { byId('idem-key').value = newUUID(); });
  const form = byId('send-form');
  form.addEventListener('submit', submitSend);
  form.addEventListener('input', updatePreview);
  form.addEventListener('change', updatePreview);
  updatePreview();
  // Read again whenever the tab is shown (a token may have been entered meanwhile).
  sectionLoaders.send = loadAccounts;
}
