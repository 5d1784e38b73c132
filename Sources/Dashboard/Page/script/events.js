function initEvents() {
  const view = listView({
    prefix: 'event', path: '/api/events', empty: '暂无事件 No events',
    filters: [
      PROVIDER_FIELD, ACCOUNT_FIELD,
      {name: 'kind', label: '类型 Kind', kind: 'select', options: ['message', 'self_message', 'receipt', 'send_failure', 'unknown']},
      CONVERSATION_FIELD, {name: 'q', label: '文本 Text (q)'}, SINCE_FIELD, UNTIL_FIELD, LIMIT_FIELD,
    ],
    onRow: (e) => openEvent(e.id),
    columns: [
      {head: '时间 Received', class: 'nowrap', render: (e) => fmtTime(e.received_at)},
      {head: 'ID', class: 'mono id', render: (e) => display(e.id)},
      {head: '服务商/账号 Provider/Account', class: 'nowrap', render: (e) => display(e.provider) + '/' + display(e.account)},
      {head: '类型 Kind', class: 'nowrap', render: (e) => el('span', null, el('span', {class: 'tag', text: display(e.kind)}),
        e.is_group ? el('span', {class: 'tag', text: '群 group'}) : null,
        e.is_self ? el('span', {class: 'tag', text: '自己 self'}) : null)},
      {head: '会话 Conversation', class: 'mono who', render: (e) => display(e.conversation)},
      {head: '发送者 Sender', class: 'mono who', render: (e) => display(e.sender)},
      {head: '文本 Text', class: 'wrap', render: (e) => isBlank(e.text) ? '' : truncate(e.text, 300)},
      {head: '关联消息 Message', class: 'nowrap', render: (e) => isBlank(e.message_id) ? el('span', {class: 'muted', text: '—'})
        : el('button', {type: 'button', class: 'link mono', text: display(e.message_id), title: '查看消息 Open message',
          onclick: () => openMessage(e.message_id)})},
    ],
  });
  sectionLoaders.events = () => view.load();
}

function openEvent(id) {
  if (isBlank(id)) return;
  openDrawer('event', '事件 Event', String(id));
  loadEvent();
}

async function loadEvent() {
  const id = drawerEventId;
  if (id) await loadIntoDrawer('/api/events/' + encodeURIComponent(id), () => drawerEventId === id, renderEvent, false);
}

// The event as the list shows it, then the payload the provider sent (the service has removed
// its authentication fields).
function renderEvent(e) {
  const body = clear(byId('drawer-body'));
  body.append(kvList([
    ['ID', e.id],
    ['服务商 Provider', e.provider],
    ['账号 Account', e.account],
    ['类型 Kind', e.kind],
    ['会话 Conversation', e.conversation],
    ['发送者 Sender', e.sender],
    ['群聊 Group', isBlank(e.is_group) ? null : yesNo(e.is_group)],
    ['自己 Self', yesNo(e.is_self)],
    ['文本 Text', e.text],
    ['关联消息 Message', isBlank(e.message_id) ? null : el('button', {type: 'button', class: 'link mono',
      text: display(e.message_id), onclick: () => openMessage(e.message_id)})],
    ['接收 Received', fmtTime(e.received_at, true)],
  ]));
  body.append(el('h3', {text: '原始数据 Raw payload'}),
    el('pre', {class: 'mono raw', text: e.raw === null || e.raw === undefined ? '（不是 JSON not JSON）' : JSON.stringify(e.raw, null, 2)}));
}
