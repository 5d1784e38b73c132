extension DashboardPage {
    /// Plain CSS with custom properties; a dark variant follows the system setting.
    static let style: String = #"""
        :root {
          --bg: #f5f6f8; --fg: #1f2328; --muted: #656d76; --card: #fff; --line: #d8dee4;
          --soft: #f0f2f5; --accent: #1a7f37; --link: #0969da; --danger: #cf222e; --warn: #9a6700;
          --warn-bg: #fff8c5; --error-bg: #ffebe9;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #0d1117; --fg: #e6edf3; --muted: #8d96a0; --card: #161b22; --line: #30363d;
            --soft: #21262d; --accent: #238636; --link: #4493f8; --danger: #f85149; --warn: #d29922;
            --warn-bg: #3b2e0a; --error-bg: #3d1416;
          }
        }
        * { box-sizing: border-box; }
        [hidden] { display: none !important; }
        html, body { margin: 0; }
        body {
          font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
                "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif;
          background: var(--bg); color: var(--fg);
        }
        code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
        code { background: var(--soft); padding: 0 4px; border-radius: 4px; }
        .muted { color: var(--muted); font-weight: normal; }
        .hint { color: var(--muted); font-size: 12px; margin: 10px 0 0; }

        header.top { background: var(--card); border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 10; }
        header.top .bar, nav.tabs { max-width: 1280px; margin: 0 auto; padding: 0 20px; }
        header.top .bar { display: flex; align-items: center; gap: 12px; padding-top: 10px; padding-bottom: 4px; }
        .brand { font-weight: 700; font-size: 16px; white-space: nowrap; }
        nav.tabs { display: flex; gap: 4px; flex-wrap: wrap; }
        nav.tabs a { padding: 7px 12px 6px; color: var(--muted); text-decoration: none; white-space: nowrap;
                     border-bottom: 2px solid transparent; }
        nav.tabs a:hover { color: var(--fg); }
        nav.tabs a.active { color: var(--fg); font-weight: 600; border-bottom-color: var(--accent); }
        .spacer { flex: 1; }
        .pill { padding: 2px 10px; border-radius: 999px; font-size: 12px; background: var(--soft); white-space: nowrap; }
        .pill.ok { background: #dafbe1; color: #116329; }
        .pill.bad { background: var(--error-bg); color: var(--danger); }

        main { max-width: 1280px; margin: 0 auto; padding: 16px 20px 40px; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin-bottom: 14px; }
        .card-head { display: flex; align-items: center; justify-content: space-between; gap: 12px; margin-bottom: 10px; }
        .card-head h2 { margin: 0; }
        h2 { font-size: 15px; margin: 0 0 10px; }
        h3 { font-size: 13px; margin: 16px 0 8px; color: var(--muted); }
        details > summary { cursor: pointer; color: var(--muted); }
        pre { white-space: pre-wrap; word-break: break-all; margin: 8px 0 0; }

        button, .btn {
          font: inherit; padding: 5px 12px; border: 1px solid var(--line); border-radius: 6px;
          background: var(--soft); color: var(--fg); cursor: pointer; white-space: nowrap;
        }
        .btn:hover:not(:disabled) { border-color: var(--muted); }
        .btn.small { padding: 2px 9px; font-size: 13px; }
        .btn.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
        .btn.danger { color: var(--danger); border-color: var(--danger); }
        button:disabled { opacity: .45; cursor: default; }
        button.link { background: none; border: none; padding: 0; color: var(--link); cursor: pointer; text-align: left; }
        button.link:hover { text-decoration: underline; }
        input, select, textarea {
          font: inherit; font-size: 14px; padding: 5px 8px; width: 100%; min-width: 0;
          border: 1px solid var(--line); border-radius: 6px; background: var(--card); color: var(--fg);
        }
        input:not([type=checkbox]), select { height: 32px; }
        textarea { resize: vertical; }
        input:focus, select:focus, textarea:focus { outline: 2px solid var(--link); outline-offset: -1px; }
        label { display: flex; flex-direction: column; gap: 3px; font-size: 12px; color: var(--muted); }
        label.check { flex-direction: row; align-items: center; gap: 6px; font-size: 13px; color: var(--fg); }
        label.check input { width: auto; }
        .inline { display: flex; gap: 6px; align-items: center; }
        .actions { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 12px 0; }
        .status { font-size: 13px; color: var(--muted); }
        .status.error, .error { color: var(--danger); }
        .status.ok { color: var(--accent); }
        .grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; align-items: start; margin-bottom: 14px; }
        .card.grid2 { gap: 12px 16px; }

        .filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px 12px; align-items: end; }
        .filters .wide, .filter-actions { grid-column: 1 / -1; }
        .filter-actions { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }

        .rows { display: flex; flex-direction: column; gap: 10px; }
        .target-row { display: grid; grid-template-columns: 150px 1fr 1.5fr 140px auto; gap: 8px; align-items: end; }
        .item-row { display: grid; grid-template-columns: 28px 150px 1fr auto; gap: 8px; align-items: start;
                    padding-top: 10px; border-top: 1px dashed var(--line); }
        .item-row:first-child { border-top: none; padding-top: 0; }
        .item-row .index { color: var(--muted); padding-top: 24px; text-align: right; }
        .item-row > button, .target-row > button { height: 32px; min-width: 32px; }
        .item-row > button { margin-top: 20px; }
        .fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 8px; }
        .fields .wide { grid-column: 1 / -1; }

        table { width: 100%; border-collapse: collapse; font-size: 13px; }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-size: 12px; color: var(--muted); font-weight: 600; white-space: nowrap; }
        tbody tr:last-child td { border-bottom: none; }
        table.compact th, table.compact td { padding: 4px 8px; }
        tr.clickable { cursor: pointer; }
        tr.clickable:hover, tr.clickable:focus { background: var(--soft); outline: none; }
        .table-wrap { overflow-x: auto; }
        .table-head { display: flex; justify-content: space-between; align-items: center; margin-bottom: 8px; gap: 12px; }
        .pager { display: flex; gap: 6px; }
        .empty { color: var(--muted); text-align: center; margin: 16px 0 4px; }
        .nowrap { white-space: nowrap; }
        .clip { max-width: 240px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
        .wrap { white-space: pre-wrap; word-break: break-word; }
        td.clip.error { max-width: 180px; }

        .badge { display: inline-block; padding: 0 8px; border-radius: 999px; font-size: 12px; font-weight: 600;
                 line-height: 20px; background: #eaeef2; color: #424a53; white-space: nowrap; }
        .state-queued { background: #eaeef2; color: #424a53; }
        .state-sending { background: #ddf4ff; color: #0550ae; }
        .state-accepted { background: #e0e7ff; color: #3730a3; }
        .state-echoed { background: #ccfbf1; color: #115e59; }
        .state-delivered, .state-sent, .badge.yes { background: #dafbe1; color: #116329; }
        .state-failed, .badge.no { background: #ffebe9; color: #a40e26; }
        .state-expired { background: #fff1e5; color: #9a3412; }
        .state-cancelled { background: #e5e7eb; color: #4b5563; text-decoration: line-through; }
        .tag { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 12px; background: var(--soft);
               color: var(--muted); margin-right: 6px; }

        .notice { border-radius: 6px; padding: 10px 12px; margin: 10px 0; }
        .notice.error { background: var(--error-bg); color: var(--danger); }
        .notice.warn { background: var(--warn-bg); color: var(--warn); }
        .notice.ok { background: #dafbe1; color: #116329; }
        .notice ul { margin: 6px 0 0; padding-left: 20px; }
        .notice li { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
        .result-list { list-style: none; margin: 8px 0 0; padding: 0; }
        .result-list li { display: flex; gap: 10px; align-items: center; padding: 4px 0; flex-wrap: wrap; }

        dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 0; }
        dl.kv dt { color: var(--muted); font-size: 12px; padding-top: 1px; }
        dl.kv dd { margin: 0; word-break: break-word; white-space: pre-wrap; }
        .item { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; margin-bottom: 8px; }
        .item dl.kv { margin-top: 6px; }

        .metrics { display: grid; grid-template-columns: repeat(4, 1fr); gap: 14px; margin-bottom: 14px; }
        .metrics > .card, .grid2 > .card { margin-bottom: 0; }
        .metric .value { font-size: 28px; font-weight: 700; line-height: 1.2; }
        .metric .value.good { color: var(--accent); }
        .metric .value.bad { color: var(--danger); }
        .metric .label { color: var(--muted); font-size: 12px; }
        .bar-row { display: grid; grid-template-columns: 90px 1fr 64px; gap: 10px; align-items: center; margin: 5px 0; }
        .bar-track { background: var(--soft); border-radius: 4px; height: 16px; overflow: hidden; }
        .bar-fill { height: 100%; min-width: 0; border-radius: 4px; }
        .bar-count { text-align: right; font-variant-numeric: tabular-nums; }

        ol.timeline { list-style: none; margin: 4px 0 0 6px; padding: 0 0 0 18px; border-left: 2px solid var(--line); }
        ol.timeline li { position: relative; padding: 0 0 14px 4px; }
        ol.timeline li::before {
          content: ""; position: absolute; left: -26px; top: 4px; width: 10px; height: 10px; border-radius: 50%;
          background: var(--link); border: 2px solid var(--card);
        }
        ol.timeline li.noop::before { background: var(--line); }
        .tl-head { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
        .tl-time { color: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; }
        .tl-cause { font-size: 13px; word-break: break-word; }

        .backdrop { position: fixed; inset: 0; background: rgba(0, 0, 0, .25); z-index: 20; }
        .drawer {
          position: fixed; top: 0; right: 0; bottom: 0; width: min(580px, 100vw); z-index: 21;
          background: var(--card); border-left: 1px solid var(--line); box-shadow: -8px 0 24px rgba(0, 0, 0, .15);
          display: flex; flex-direction: column;
        }
        .drawer-head { display: flex; justify-content: space-between; align-items: center; gap: 8px;
                       padding: 10px 16px; border-bottom: 1px solid var(--line); }
        .drawer-head h2 { margin: 0; word-break: break-all; }
        .drawer-body { padding: 12px 16px 24px; overflow-y: auto; flex: 1; }
        .drawer-body .actions { margin-top: 0; }

        dialog { border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; width: min(440px, 92vw);
                 background: var(--card); color: var(--fg); }
        dialog::backdrop { background: rgba(0, 0, 0, .35); }
        dialog label { margin-top: 10px; }

        #api-table td:nth-child(2) { white-space: nowrap; }
        #api-table pre { margin: 0; font-size: 12px; }
        .method { font-weight: 700; font-size: 12px; }
        .method.GET { color: var(--link); }
        .method.POST { color: var(--accent); }

        @media (max-width: 860px) {
          .grid2, .metrics { grid-template-columns: 1fr 1fr; }
          .target-row { grid-template-columns: 1fr 1fr; }
          .item-row { grid-template-columns: 1fr; }
          .item-row .index { padding-top: 0; text-align: left; }
        }
        @media (max-width: 560px) {
          .grid2, .metrics { grid-template-columns: 1fr; }
        }
        """#
}
