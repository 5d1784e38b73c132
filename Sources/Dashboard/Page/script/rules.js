function keywordText(keyword) {
  if (keyword && typeof keyword === 'object') {
    return display(keyword.text) + (keyword.match ? ' (' + keyword.match + ')' : '');
  }
  return display(keyword);
}

function renderRules(data) {
  const info = data || {};
  const files = Array.isArray(info.files) ? info.files.map(display) : [];
  clear(byId('rules-meta')).append(...Array.from(kvList([
    ['加载时间 Loaded at', fmtTime(info.loaded_at)],
    ['文件 Files', files.length ? files.join('\n') : '—'],
  ]).childNodes));
  const problems = clear(byId('rules-problems'));
  const lastError = info.last_error;
  if (lastError) {
    problems.append(notice('warn', '上次加载失败，仍使用之前的规则 The last reload failed at ' + fmtTime(lastError.at) +
      '; the previous set stays active:', lastError.problems));
  }
  const rules = Array.isArray(info.rules) ? info.rules : [];
  const body = clear(byId('rules-table').tBodies[0]);
  for (const rule of rules) {
    const keywords = Array.isArray(rule.keywords) ? rule.keywords : [];
    body.append(el('tr', null,
      el('td', {class: 'mono', text: display(rule.name)}),
      el('td', {class: 'mono', text: display(rule.file)}),
      el('td', null, keywords.map((k) => el('span', {class: 'tag', text: keywordText(k)}))),
      el('td', {text: display(rule.priority)}),
      el('td', null, yesNo(rule.enabled !== false))));
  }
  byId('rules-empty').hidden = rules.length > 0;
}

async function loadRules() {
  const status = byId('rules-status');
  setStatus(status, '加载中 Loading…');
  try {
    const {data} = await api('GET', '/api/rules');
    renderRules(data);
    setStatus(status, '');
  } catch (error) {
    setStatus(status, describeError(error), 'error');
  }
}

async function reloadRules() {
  const status = byId('rules-status');
  const problems = clear(byId('rules-problems'));
  setStatus(status, '重新加载中 Reloading…');
  try {
    const {data} = await api('POST', '/api/rules/reload');
    if (data && Array.isArray(data.rules)) renderRules(data);
    else await loadRules();
    setStatus(status, '已重新加载 Reloaded', 'ok');
  } catch (error) {
    setStatus(status, '');
    problems.append(errorNotice(error));
  }
}

function testBody(form) {
  const fields = form.elements;
  const body = {
    text: fields.text.value,
    chat: fields.chat.value,
    mentioned: fields.mentioned.checked,
    event: fields.event.value,
  };
  for (const name of ['provider', 'account', 'sender']) {
    const value = fields[name].value.trim();
    if (value) body[name] = value;
  }
  return body;
}

function renderTestResult(data) {
  const result = data || {};
  const box = el('div', null);
  if (result.matched) {
    box.append(notice('ok', '命中 Matched: ' + display(result.rule)));
  } else {
    // `reason` (when present) says why nothing answers: cooldown, reply cap, scope, …
    box.append(notice('warn', '没有规则会回复 Nothing would answer' + (isBlank(result.reason) ? '' : ': ' + display(result.reason))));
  }
  box.append(kvList([
    ['规则 Rule', result.rule],
    ['关键词 Keyword', result.keyword],
    ['匹配方式 Match', result.match],
  ]));
  box.append(el('h3', {text: '回复 Replies'}), renderItems(result.replies));
  const candidates = Array.isArray(result.candidates) ? result.candidates : [];
  box.append(el('h3', {text: '其他候选 Other candidates'}));
  if (candidates.length === 0) {
    box.append(el('p', {class: 'muted', text: '—'}));
  } else {
    box.append(el('table', {class: 'compact'},
      el('thead', null, el('tr', null, ['规则 Rule', '关键词 Keyword', '落选原因 Lost because'].map((h) => el('th', {text: h})))),
      el('tbody', null, candidates.map((c) => el('tr', null,
        el('td', {class: 'mono', text: display(c.rule)}),
        el('td', {text: keywordText(c.keyword)}),
        el('td', {text: display(c.lost_because)}))))));
  }
  return box;
}

async function testRule(event) {
  event.preventDefault();
  const form = byId('rule-test');
  const status = byId('rule-test-status');
  const result = clear(byId('rule-test-result'));
  setStatus(status, '测试中 Testing…');
  try {
    const {data} = await api('POST', '/api/rules/test', {body: testBody(form)});
    setStatus(status, '');
    result.append(renderTestResult(data));
  } catch (error) {
    setStatus(status, '');
    result.append(errorNotice(error));
  }
}

function initRules() {
  byId('rules-refresh').addEventListener('click', loadRules);
  byId('rules-reload').addEventListener('click', reloadRules);
  byId('rule-test').addEventListener('submit', testRule);
  sectionLoaders.rules = loadRules;
}
