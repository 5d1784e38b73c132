class ApiError extends Error {
  constructor(status, message, data) {
    super(message);
    this.status = status;
    this.data = data;
  }
}

const TOKEN_KEY = 'wxhook.adminToken';

function readToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY) || localStorage.getItem(TOKEN_KEY) || '';
  } catch (_) {
    return '';
  }
}

function tokenRemembered() {
  try {
    return localStorage.getItem(TOKEN_KEY) !== null;
  } catch (_) {
    return false;
  }
}

function storeToken(value, remember) {
  try {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
    if (value && remember) localStorage.setItem(TOKEN_KEY, value);
    else localStorage.removeItem(TOKEN_KEY);
  } catch (_) {
    // Storage disabled: the token cannot be kept, requests go without it.
  }
  renderTokenButton();
}

function renderTokenButton() {
  const button = byId('token-button');
  const set = readToken() !== '';
  button.textContent = set ? '令牌 Token ✓' : '令牌 Token: 未设置 not set';
  button.title = set ? '已设置令牌 A token is set (click to change)' : '未设置令牌 No token set';
}

// Opens the token dialog; `reason` explains why (a 401), or null when the operator asked.
function askForToken(reason) {
  const dialog = byId('token-dialog');
  if (dialog.open) return;
  const reasonNode = byId('token-reason');
  reasonNode.textContent = reason || '';
  reasonNode.hidden = !reason;
  const input = byId('token-input');
  input.value = '';
  input.placeholder = readToken() ? '已设置（输入新令牌替换） set: type a new one to replace it' : '';
  byId('token-remember').checked = tokenRemembered();
  if (typeof dialog.showModal === 'function') dialog.showModal();
  else dialog.setAttribute('open', '');
  input.focus();
}

function initToken() {
  renderTokenButton();
  byId('token-button').addEventListener('click', () => askForToken(null));
  const dialog = byId('token-dialog');
  dialog.addEventListener('close', () => {
    const choice = dialog.returnValue;
    dialog.returnValue = '';
    const input = byId('token-input');
    const value = input.value.trim();
    input.value = '';
    if (choice === 'save' && value) storeToken(value, byId('token-remember').checked);
    else if (choice === 'clear') storeToken('', false);
    else return;
    reloadActiveTab();
  });
}

// One call to the admin API. Answers outside 2xx (unless listed in `accept`) throw ApiError
// carrying the `error` text of the `{"ok":false,"error":"…"}` body; a 401 asks for the token.
async function api(method, path, options) {
  const opts = options || {};
  const headers = {'Accept': 'application/json'};
  const token = readToken();
  if (token) headers['Authorization'] = 'Bearer ' + token;
  let body;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  Object.assign(headers, opts.headers || {});
  let response;
  try {
    response = await fetch(path, {method, headers, body, cache: 'no-store', credentials: 'same-origin'});
  } catch (error) {
    throw new ApiError(0, '无法连接服务 Cannot reach the service (' + ((error && error.message) || error) + ')', null);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (_) {
      data = null;
    }
  }
  if (response.ok || (opts.accept || []).includes(response.status)) return {status: response.status, data};
  if (response.status === 401) {
    askForToken(token ? '令牌不正确 The token was refused (401).' : '需要管理令牌 This service needs the admin token (401).');
  }
  const message = data && typeof data.error === 'string' ? data.error : (text ? truncate(text, 300) : response.statusText);
  throw new ApiError(response.status, message, data);
}

async function refreshHealthPill() {
  const pill = byId('health-pill');
  try {
    const {status, data} = await api('GET', '/health', {accept: [503]});
    const ok = status === 200 && data && data.status === 'ok';
    pill.textContent = (ok ? '● 正常 ok' : '● 降级 degraded') + (data && data.version ? ' · ' + data.version : '');
    pill.className = 'pill ' + (ok ? 'ok' : 'bad');
    return data;
  } catch (error) {
    pill.textContent = '● 离线 unreachable';
    pill.className = 'pill bad';
    throw error;
  }
}

// Tabs: `#log`, `#events`, …; `#log/<message id>` also opens that message, `#forwards/<fw_…>`
// that forward, `#events/<e_…>` that event.
const TABS = ['send', 'log', 'events', 'forwards', 'stats', 'rules', 'api'];
const sectionLoaders = {};
let activeTab = null;

function showTab(name) {
  const tab = TABS.includes(name) ? name : 'send';
  for (const other of TABS) {
    byId('tab-' + other).hidden = other !== tab;
    const link = document.querySelector('nav.tabs a[data-tab="' + other + '"]');
    link.classList.toggle('active', other === tab);
    if (other === tab) {
      link.setAttribute('aria-current', 'page');
      // On a phone the tabs scroll sideways: keep the chosen one in sight.
      link.scrollIntoView({block: 'nearest', inline: 'nearest'});
    } else {
      link.removeAttribute('aria-current');
    }
  }
  const changed = activeTab !== tab;
  activeTab = tab;
  if (changed && sectionLoaders[tab]) sectionLoaders[tab]();
}

function reloadActiveTab() {
  if (sectionLoaders[activeTab]) sectionLoaders[activeTab]();
  refreshHealthPill().catch(() => {});
}

function routeFromHash() {
  const hash = location.hash.replace(/^#/, '');
  const slash = hash.indexOf('/');
  const tab = slash < 0 ? hash : hash.slice(0, slash);
  showTab(tab);
  if (slash >= 0 && hash.length > slash + 1) {
    let id = hash.slice(slash + 1);
    try {
      id = decodeURIComponent(id);
    } catch (_) {
      // Not percent-encoded: use it as it is.
    }
    if (id.startsWith('fw_')) openForward(id);
    else if (id.startsWith('e_')) openEvent(id);
    else openMessage(id);
  }
}

function setHash(hash) {
  history.replaceState(null, '', '#' + hash);
}
