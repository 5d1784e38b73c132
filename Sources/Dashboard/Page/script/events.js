function initEvents() {
  const view = listView({
    path: '/api/events', form: 'event-filters', table: 'event-table', status: 'event-status',
    summary: 'event-summary', empty: 'event-empty', newer: 'event-newer', older: 'event-older',
    columns: [
      {class: 'nowrap', render: (e) => fmtTime(e.received_at)},
      {class: 'mono nowrap', render: (e) => display(e.id)},
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
