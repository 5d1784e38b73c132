function initEvents() {
  filterBar('event-filters', [
    PROVIDER_FIELD, ACCOUNT_FIELD,
    {name: 'kind', label: '类型 Kind', kind: 'select', options: ['message', 'self_message', 'receipt', 'send_failure', 'unknown']},
    CONVERSATION_FIELD, {name: 'q', label: '文本 Text (q)'}, SINCE_FIELD, UNTIL_FIELD, LIMIT_FIELD,
  ], {status: 'event-status'});
  const view = listView({
    path: '/api/events', form: 'event-filters', table: 'event-table', status: 'event-status',
    summary: 'event-summary', empty: 'event-empty', newer: 'event-newer', older: 'event-older',
    onRow: (e) => openEvent(e.id),
    columns: [
      {class: 'nowrap', render: (e) => fmtTime(e.received_at)},
      {class: 'mono id', render: (e) => display(e.id)},
      {class: 'nowrap', render: (e) => display(e.provider) + '/' + display(e.account)},
      {class: 'nowrap', render: (e) => el('span', null, el('span', {class: 'tag', text: display(e.kind)}),
        e.is_group ? el('span', {class: 'tag', text: '群 group'}) : null,
        e.is_self ? el('span', {class: 'tag', text: '自己 self'}) : null)},
      {class: 'mono', render: (e) => display(e.conversation)},
      {class: 'mono', render: (e) => display(e.sender)},
      {class: 'wrap', render: (e) => isBlank(e.text) ? '' : truncate(e.text, 300)},
      {class: 'nowrap', render: (e) => isBlank(e.message_id) ? el('span', {class: 'muted', text: '—'})
        : el('button', {type: 'button', class: 'link mono', text: display(e.message_id), title: '查看消息 Open message',
          onclick: () => openMessage(e.message_id)})},
    ],
  });
  sectionLoaders.events = () => view.load();
}

function openEvent(id) {
  if (isBlank(id)) return;
  drawerMessageId = null;
  drawerForwardId = null;
  drawerEventId = String(id);
  openDrawer('事件 Event', drawerEventId);
  loadEvent();
}

async function loadEvent() {
  const id = drawerEventId;
  if (!id) return;
  try {
    const {data} = await api('GET', '/api/events/' + encodeURIComponent(id));
    if (drawerEventId === id) renderEvent(data || {});
  } catch (error) {
    if (drawerEventId === id) clear(byId('drawer-body')).append(errorNotice(error));
  }
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
