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
      el('td', null, el('div', {class: 'mono', text: display(rule.name)}),
        el('div', {class: 'muted small', text: baseName(rule.file), title: display(rule.file)})),
      el('td', null, keywords.map((k) => el('span', {class: 'tag', text: keywordText(k)}))),
      el('td', {text: display(rule.priority)}),
      el('td', null, scopeText(rule.scope)),
      el('td', {class: 'nowrap', text: cooldownText(rule.cooldown_s)}),
      el('td', {class: 'wrap'}, replySummary(rule.reply)),
      el('td', null, yesNo(rule.enabled !== false))));
  }
  byId('rules-empty').hidden = rules.length > 0;
  const special = clear(byId('rules-special'));
  special.append(specialReply('默认回复 Default reply（无规则命中时 when no rule matches）', info.default_reply),
    specialReply('关注回复 Follow reply（新关注/好友 on a follow or new friend）', info.subscribe_reply));
}

// The file's name without its folder (the whole path is in the files list above).
function baseName(path) {
  return display(path).split('/').pop();
}

// Where a rule or special reply applies: each list that narrows it, or "any".
function scopeText(scope) {
  const s = scope || {};
  const parts = [];
  if (Array.isArray(s.providers)) parts.push('服务商 provider: ' + s.providers.join(', '));
  if (Array.isArray(s.accounts)) parts.push('账号 account: ' + s.accounts.join(', '));
  if (Array.isArray(s.chats)) parts.push('会话 chat: ' + s.chats.join(', '));
  if (s.require_mention) parts.push('群内需@ mention in groups');
  return parts.length ? parts.map((p) => el('span', {class: 'tag', text: p})) : el('span', {class: 'muted', text: '任意 any'});
}

function cooldownText(seconds) {
  const value = Number(seconds) || 0;
  if (value <= 0) return '无 none';
  if (value % 3600 === 0) return value / 3600 + ' h';
  if (value % 60 === 0) return value / 60 + ' min';
  return value + ' s';
}

// What a reply sends: its items as written (templates unfilled), or the application it hands to.
function replySummary(reply) {
  const r = reply || {};
  if (r.forward) {
    return el('span', null, el('span', {class: 'tag', text: '转交 forward'}),
      display(r.forward.subscription) + '（' + cooldownText(r.forward.reply_within_s) + ' 内回复 to answer within）');
  }
  const messages = Array.isArray(r.messages) ? r.messages : [];
  return el('span', null, r.mode === 'random' ? el('span', {class: 'tag', text: '随机一条 one at random'}) : null,
    truncate(itemSummary(messages), 200));
}

function specialReply(title, reply) {
  const box = el('div', {class: 'special'}, el('h3', {text: title}));
  if (!reply) return append(box, [el('p', {class: 'muted', text: '未设置 Not set'})]);
  box.append(kvList([
    ['范围 Scope', el('span', null, scopeText(reply.scope))],
    ['冷却 Cooldown', cooldownText(reply.cooldown_s)],
    ['定义 Defined in', baseName(reply.file) + ':' + display(reply.line)],
  ]));
  if (reply.reply && reply.reply.forward) box.append(el('p', null, replySummary(reply.reply)));
  else box.append(renderItems(reply.reply && reply.reply.messages));
  return box;
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
  byId('rule-test').elements.provider.replaceWith(providerSelect('provider'));
  byId('rules-refresh').addEventListener('click', loadRules);
  byId('rules-reload').addEventListener('click', reloadRules);
  byId('rule-test').addEventListener('submit', testRule);
  sectionLoaders.rules = loadRules;
}
