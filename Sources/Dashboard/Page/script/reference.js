// The API reference is read from the service's own OpenAPI document (`GET /openapi.json`), so
// it always lists the routes this build answers. A curl example is built for each operation from
// its method, path, security and request example; the token stays a placeholder.
const AUTH_HEADER = "-H \"Authorization: Bearer $WXHOOK_ADMIN_TOKEN\"";
const METHOD_ORDER = ['get', 'post', 'put', 'patch', 'delete'];

// One row per operation: {method, path, auth, desc, curl}, hooks last.
function referenceRows(spec) {
  const rows = [];
  for (const [path, item] of Object.entries((spec && spec.paths) || {})) {
    for (const method of METHOD_ORDER) {
      const operation = item[method];
      if (!operation) continue;
      const guarded = Array.isArray(operation.security) && operation.security.length > 0;
      const auth = guarded ? 'token' : path.startsWith('/hooks/') ? '服务商凭据 provider credential' : '—';
      rows.push({method: method.toUpperCase(), path, auth,
        desc: [operation.summary, operation.description].filter(Boolean).join(' — '),
        curl: curlExample(method.toUpperCase(), path, guarded, operation)});
    }
  }
  const rank = (row) => row.path.startsWith('/hooks/') ? 2 : row.path.startsWith('/api/') ? 1 : 0;
  return rows.sort((a, b) => rank(a) - rank(b));
}

function curlExample(method, path, guarded, operation) {
  if (path === '/') return '';
  const parts = [];
  const content = operation.requestBody && operation.requestBody.content && operation.requestBody.content['application/json'];
  if (method !== 'GET' && !(content && content.example !== undefined)) parts.push('-X ' + method);
  if (guarded) parts.push(AUTH_HEADER);
  if (content && content.example !== undefined) {
    parts.push("-H 'Content-Type: application/json'", "-d '" + JSON.stringify(content.example).split("'").join("'\\''") + "'");
  }
  parts.push("'{origin}" + path + "'");
  return parts.join(' ');
}

async function copyText(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = '已复制 Copied';
  } catch (_) {
    button.textContent = '请手动复制 Select and copy';
  }
  setTimeout(() => { button.textContent = '复制 Copy'; }, 1500);
}

function initReference() {
  sectionLoaders.api = loadReference;
}

async function loadReference() {
  const status = byId('api-status');
  let spec;
  try {
    spec = (await api('GET', '/openapi.json')).data;
  } catch (error) {
    setStatus(status, describeError(error), 'error');
    return;
  }
  setStatus(status, 'wxhook ' + ((spec && spec.info && spec.info.version) || '') + ' · OpenAPI ' +
    ((spec && spec.openapi) || '?') + ' · /openapi.json', '');
  const origin = location.origin && location.origin !== 'null' ? location.origin : '';
  const body = clear(byId('api-table').tBodies[0]);
  for (const endpoint of referenceRows(spec)) {
    const command = endpoint.curl ? 'curl ' + endpoint.curl.split('{origin}').join(origin) : '';
    const example = command
      ? el('div', null, el('pre', {class: 'mono', text: command}),
        el('button', {type: 'button', class: 'btn small', text: '复制 Copy', onclick: (event) => copyText(command, event.currentTarget)}))
      : el('span', {class: 'muted', text: '—'});
    body.append(el('tr', null,
      el('td', null, el('span', {class: 'method ' + endpoint.method, text: endpoint.method})),
      el('td', {class: 'mono', text: endpoint.path}),
      el('td', {class: 'nowrap', text: endpoint.auth}),
      el('td', {text: endpoint.desc}),
      el('td', null, example)));
  }
}
