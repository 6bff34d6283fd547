/*
 * The simulated Lightning Service Console, running in the page (plain browser script, inlined by
 * console-page.ts). Record bodies are custom elements with open shadow roots:
 *   <one-record-home> → shadow → <records-record-layout> → shadow → <records-record-layout-item>…
 *                              → <runtime-messaging-transcript> → shadow → <section class="slds-chat">
 *                                                                           → <ul class="slds-chat-list">
 * Each open console tab keeps its own workspace (`.navexWorkspaceManager > .navexWorkspace`): the
 * shown one carries `active`, the others stay in the DOM, hidden, and keep receiving live messages.
 * Navigation is single-page (history.pushState / popstate); live events come from /__sim/stream.
 * All page data is rendered as text (textContent), except a rich message body (`entry.html`), which
 * is rebuilt node by node through the allowlist of rich-body-script.js (`SimRichBody`, inlined before).
 */
(() => {
  const boot = JSON.parse(document.getElementById('sim-boot').textContent);
  const ORG = boot.org;
  const TABS_KEY = `simConsoleTabs:${ORG}`;
  const RECORD_PATH =
    /^\/lightning\/r\/([A-Za-z0-9_]+)\/([A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?)\/view(?:[?#].*)?$/;

  const sheet = new CSSStyleSheet();
  sheet.replaceSync(document.getElementById('sim-styles').textContent);

  /** Creates an element; string children become text nodes. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (key === 'class') node.className = value;
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    node.append(...children);
    return node;
  }

  class ShadowHost extends HTMLElement {
    constructor() {
      super();
      const root = this.attachShadow({ mode: 'open' });
      root.adoptedStyleSheets = [sheet];
    }
  }

  // ---- transcript ------------------------------------------------------------------------------

  /** A message's body: its text, or the allowed DOM of its rich (HTML) body. */
  function setBody(node, entry) {
    if (typeof entry.html === 'string') {
      node.classList.add('slds-rich-text-editor__output');
      SimRichBody.render(node, entry.html);
    } else {
      node.classList.remove('slds-rich-text-editor__output');
      if (node.getAttribute('class') === '') node.removeAttribute('class');
      node.textContent = entry.text;
    }
  }

  /** Text class of a message's bubble, by author (the item is `_inbound` only for the end user). */
  const TEXT_KIND = {
    end_user: 'inbound',
    bot: 'outbound',
    agent: 'outbound',
    other_agent: 'outbound-agent',
  };

  /** Avatar initials: first letters of the first and last words ("Jamie Customer" → "JC"). */
  function initials(name) {
    const words = name.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return '';
    const first = [...words[0]][0];
    const last = words.length > 1 ? [...words[words.length - 1]][0] : '';
    return (first + last).toUpperCase();
  }

  function avatarNode(name) {
    const abbr = el('abbr', {
      class: 'slds-avatar__initials slds-avatar__initials_inverse',
      title: name,
    });
    abbr.textContent = initials(name);
    return el(
      'span',
      { class: 'slds-avatar slds-avatar_circle slds-chat-avatar', 'aria-hidden': 'true' },
      abbr,
    );
  }

  /** "Name • time" as one text node (the blueprint has no author element). */
  function metaNode(entry) {
    return el(
      'div',
      {
        class: 'slds-chat-message__meta',
        'aria-label': `said ${entry.authorName} at ${entry.timeLabel}`,
      },
      `${entry.authorName} • ${entry.timeLabel}`,
    );
  }

  function eventNode(entry) {
    const p = el('p');
    setBody(p, entry);
    return el(
      'li',
      { class: 'slds-chat-listitem slds-chat-listitem_event', 'data-entry-id': entry.entryId },
      el('div', { class: 'slds-chat-event' }, el('div', { class: 'slds-chat-event__body' }, p)),
    );
  }

  /**
   * A message item. The first message of a run carries the avatar; the ones that continue the run
   * have none and carry `slds-chat-message_faux-avatar` (the blueprint's alignment modifier). Every
   * new message gets the meta; the transcript takes it off the previous one when the run goes on.
   */
  function messageNode(entry, continuesRun) {
    const kind = TEXT_KIND[entry.author] || 'outbound';
    const direction = kind === 'inbound' ? 'inbound' : 'outbound';
    const span = el('span');
    setBody(span, entry);
    const meta = metaNode(entry);
    const message = el(
      'div',
      {
        class: continuesRun
          ? 'slds-chat-message slds-chat-message_faux-avatar'
          : 'slds-chat-message',
      },
      el(
        'div',
        { class: 'slds-chat-message__body' },
        el('div', { class: `slds-chat-message__text slds-chat-message__text_${kind}` }, span),
        meta,
      ),
    );
    if (!continuesRun) message.prepend(avatarNode(entry.authorName));
    const item = el(
      'li',
      {
        class: `slds-chat-listitem slds-chat-listitem_${direction}`,
        'data-entry-id': entry.entryId,
      },
      message,
    );
    return { item, meta };
  }

  /** "Chat started by <b>Name</b> • time" (not a transcript entry). */
  function bookendNode(started) {
    const name = el('b');
    name.textContent = started.by;
    return el(
      'li',
      { class: 'slds-chat-listitem slds-chat-listitem_bookend' },
      el(
        'div',
        { class: 'slds-chat-bookend' },
        el('span', {
          class: 'slds-icon_container slds-icon-utility-chat slds-chat-icon',
          'aria-hidden': 'true',
        }),
        el('p', {}, 'Chat started by ', name, ` • ${started.timeLabel}`),
      ),
    );
  }

  /**
   * `section.slds-chat[role=log] > ul.slds-chat-list`. Consecutive messages of one sender (same
   * author kind and display name) form a run: only the last shows the meta. A message that extends
   * the run takes the meta off the previous item in place; nothing already shown is re-rendered.
   */
  class RuntimeMessagingTranscript extends ShadowHost {
    constructor() {
      super();
      this.seen = new Set();
      /** The run the last item belongs to: `{key, meta}` (its meta element), or null. */
      this.run = null;
      this.list = el('ul', { class: 'slds-chat-list' });
      this.shadowRoot.append(el('section', { class: 'slds-chat', role: 'log' }, this.list));
    }

    /** Renders the transcript as loaded (record render only): the start bookend, then the entries. */
    setEntries(entries, started) {
      this.seen.clear();
      this.run = null;
      this.list.replaceChildren();
      if (started) this.list.append(bookendNode(started));
      for (const entry of entries) this.addEntry(entry);
    }

    /** Appends one message (live): never re-renders what is there. */
    addEntry(entry) {
      if (this.seen.has(entry.entryId)) return false;
      this.seen.add(entry.entryId);
      if (entry.author === 'system') {
        this.list.append(eventNode(entry));
        this.run = null;
      } else {
        const key = JSON.stringify([entry.author, entry.authorName]);
        const continuesRun = this.run !== null && this.run.key === key;
        if (continuesRun) this.run.meta.remove();
        const { item, meta } = messageNode(entry, continuesRun);
        this.list.append(item);
        this.run = { key, meta };
      }
      this.scrollTop = this.scrollHeight;
      return true;
    }

    /** A message edited after it was posted: the same element shows the new text. */
    editEntry(entry) {
      for (const item of this.list.children) {
        if (item.getAttribute('data-entry-id') !== entry.entryId) continue;
        const text = item.querySelector(
          '.slds-chat-message__text > span, .slds-chat-event__body > p',
        );
        if (text) setBody(text, entry);
      }
    }
  }

  // ---- record layout ---------------------------------------------------------------------------

  function valueNode(item) {
    const v = item.value;
    const out = el('span', { class: 'slds-form-element__static test-id__field-value' });
    if (v.kind === 'checkbox') {
      out.append(
        el(
          'lightning-input',
          { class: 'slds-checkbox' },
          el('input', {
            type: 'checkbox',
            disabled: true,
            checked: v.checked,
            'aria-label': item.label,
          }),
        ),
      );
    } else if (v.kind === 'link') {
      const a = el(
        'a',
        v.recordLink
          ? { href: v.href, 'data-record-link': true }
          : { href: v.href, target: '_blank', rel: 'noopener noreferrer' },
      );
      a.textContent = v.text;
      out.append(el(v.recordLink ? 'force-lookup' : 'lightning-formatted-url', {}, a));
    } else {
      const t = el('lightning-formatted-text');
      t.textContent = v.text;
      if (v.kind === 'multiline') out.classList.add('multiline');
      out.append(t);
    }
    return out;
  }

  function itemNode(item) {
    const label = el('span', { class: 'slds-form-element__label test-id__field-label' });
    label.textContent = item.label;
    return el(
      'records-record-layout-item',
      { 'field-label': item.label, 'data-field': item.name, role: 'listitem' },
      el(
        'div',
        { class: 'slds-form-element slds-form-element_readonly slds-form-element_stacked' },
        label,
        el('div', { class: 'slds-form-element__control' }, valueNode(item)),
      ),
    );
  }

  class RecordsRecordLayout extends ShadowHost {
    render(sections) {
      this.shadowRoot.replaceChildren(
        ...sections.map((section) => {
          const title = el('span', { class: 'slds-truncate' });
          title.textContent = section.title;
          return el(
            'div',
            { class: 'slds-section slds-is-open' },
            el('h3', { class: 'slds-section__title' }, title),
            el(
              'div',
              { class: 'slds-section__content slds-form', role: 'list' },
              ...section.items.map(itemNode),
            ),
          );
        }),
      );
    }
  }

  // ---- record home -----------------------------------------------------------------------------

  class OneRecordHome extends ShadowHost {
    render(record) {
      this.setAttribute('record-id', record.id);
      this.setAttribute('object-api-name', record.object);
      this.header = el('div', { class: 'slds-page-header record-header' });
      this.renderHeader(record);
      this.layout = document.createElement('records-record-layout');
      this.layout.render(record.sections);
      let conversation;
      if (record.conversation) {
        this.transcript = document.createElement('runtime-messaging-transcript');
        this.transcript.setAttribute('conversation-id', record.conversation.sessionId);
        this.transcript.setEntries(record.conversation.entries, record.conversation.started);
        const title = el('h2', { class: 'slds-card__header-title' });
        title.textContent = `Conversation · ${record.conversation.name}`;
        conversation = el(
          'article',
          { class: 'slds-card conversation' },
          el('header', { class: 'slds-card__header' }, title),
          el('div', { class: 'slds-card__body' }, this.transcript),
        );
      } else {
        this.transcript = null;
        conversation = el(
          'article',
          { class: 'slds-card conversation' },
          el(
            'div',
            { class: 'slds-card__body empty' },
            'No messaging session is linked to this record.',
          ),
        );
      }
      this.shadowRoot.replaceChildren(
        el(
          'div',
          { class: 'record-home' },
          this.header,
          el(
            'div',
            { class: 'record-body' },
            el(
              'article',
              { class: 'slds-card details' },
              el(
                'header',
                { class: 'slds-card__header' },
                el('h2', { class: 'slds-card__header-title' }, 'Details'),
              ),
              el('div', { class: 'slds-card__body' }, this.layout),
            ),
            conversation,
          ),
        ),
      );
    }

    renderHeader(record) {
      const meta = el('div', { class: 'slds-page-header__name-meta' });
      meta.textContent = record.objectLabel;
      const title = el('lightning-formatted-text');
      title.textContent = record.title;
      const subtitle = el('p', { class: 'slds-page-header__subtitle' });
      subtitle.textContent = record.subtitle;
      this.header.replaceChildren(
        meta,
        el('h1', { class: 'slds-page-header__title' }, title),
        subtitle,
      );
    }

    /** Re-reads the displayed values (a UI edit, or an API write when the sim refreshes on writes). */
    updateFields(record) {
      this.renderHeader(record);
      this.layout.render(record.sections);
    }
  }

  customElements.define('runtime-messaging-transcript', RuntimeMessagingTranscript);
  customElements.define('records-record-layout', RecordsRecordLayout);
  customElements.define('one-record-home', OneRecordHome);

  // ---- console state: tabs, workspaces, navigation ---------------------------------------------

  const tabBar = document.getElementById('sim-tabs');
  const manager = document.getElementById('sim-workspaces');

  const state = {
    tabs: loadTabs(),
    /** The tab selected in the tab bar (set at once when navigating). */
    activeKey: null,
    /** The tab whose workspace is shown: lags activeKey while the next record loads. */
    shownKey: null,
    /**
     * Tab key → its workspace `{key, node, body, kind: 'home'|'error'|'record', record, home}`. A
     * workspace is made when its tab is first shown and kept (hidden) until the tab closes.
     */
    workspaces: new Map(),
    navToken: 0,
    seq: boot.seq,
    /** Live entries by session id, so a record rendered after an event still shows it. */
    live: new Map(),
  };

  function parsePath(path) {
    const m = RECORD_PATH.exec(path);
    return m ? { object: m[1], id: m[2] } : null;
  }

  function keyOf(path) {
    const r = parsePath(path);
    return r ? `${r.object.toLowerCase()}/${r.id.slice(0, 15)}` : 'home';
  }

  function currentPath() {
    return location.pathname + location.search;
  }

  function loadTabs() {
    try {
      const tabs = JSON.parse(sessionStorage.getItem(TABS_KEY) || '[]');
      return Array.isArray(tabs) ? tabs : [];
    } catch {
      return [];
    }
  }

  function saveTabs() {
    try {
      sessionStorage.setItem(TABS_KEY, JSON.stringify(state.tabs));
    } catch {
      /* storage unavailable: tabs just do not survive a reload */
    }
  }

  function ensureTab(path, label) {
    const key = keyOf(path);
    let tab = state.tabs.find((t) => t.key === key);
    if (!tab) {
      tab = { key, path, label: label || (key === 'home' ? 'Home' : 'Loading…') };
      state.tabs.push(tab);
    } else {
      tab.path = path;
      if (label) tab.label = label;
    }
    return tab;
  }

  function renderTabs() {
    tabBar.replaceChildren(
      ...state.tabs.map((tab) => {
        const active = tab.key === state.activeKey;
        const sub = new URLSearchParams(tab.path.split('?')[1] || '').has('ws');
        const title = el('span', { class: 'title slds-truncate' });
        title.textContent = tab.label;
        const link = el(
          'a',
          {
            class: 'tabHeader slds-context-bar__label-action',
            role: 'tab',
            href: tab.path,
            title: tab.label,
            'aria-selected': active ? 'true' : 'false',
          },
          title,
        );
        const close = el('button', {
          class: 'slds-button slds-button_icon closeButton',
          type: 'button',
          title: `Close ${tab.label}`,
          'data-close-tab': tab.key,
        });
        close.textContent = '×';
        const classes = ['oneConsoleTabItem', 'tabItem', 'slds-context-bar__item'];
        if (active) classes.push('slds-is-active', 'active');
        if (sub) classes.push('subtab');
        if (tab.notification && !active) classes.push('slds-has-notification');
        return el(
          'li',
          { class: classes.join(' '), role: 'presentation', 'data-tab-key': tab.key },
          link,
          el('div', { class: 'close' }, close),
        );
      }),
    );
  }

  /** A message arrived in a tab that is not the active one (assumed: the tab is highlighted). */
  function notifyTab(key) {
    const tab = state.tabs.find((t) => t.key === key);
    if (!tab || tab.notification || key === state.activeKey) return;
    tab.notification = true;
    renderTabs();
    saveTabs();
  }

  function setTitle(label) {
    document.title = `${label} | Salesforce`;
  }

  /** The tab's workspace, made (empty, hidden) when it has none yet. */
  function workspaceOf(key) {
    let ws = state.workspaces.get(key);
    if (!ws) {
      const body = el('div', { class: 'oneConsoleTabset' });
      const node = el('div', { class: 'navexWorkspace', 'data-workspace-key': key }, body);
      ws = { key, node, body, kind: null, record: null, home: null };
      state.workspaces.set(key, ws);
      manager.append(node);
    }
    return ws;
  }

  /** Shows one workspace; the others stay in the DOM, hidden. */
  function showWorkspace(ws, title) {
    for (const other of state.workspaces.values()) {
      other.node.classList.toggle('active', other === ws);
    }
    state.shownKey = ws.key;
    setTitle(title);
  }

  function removeWorkspace(key) {
    const ws = state.workspaces.get(key);
    if (!ws) return;
    ws.node.remove();
    state.workspaces.delete(key);
    if (state.shownKey === key) state.shownKey = null;
  }

  /** The workspaces showing a MessagingSession's transcript (hidden ones too). */
  function transcriptsOf(sessionId) {
    const out = [];
    for (const ws of state.workspaces.values()) {
      if (ws.kind !== 'record' || !ws.home.transcript) continue;
      if (ws.record.conversation?.sessionId === sessionId) out.push(ws);
    }
    return out;
  }

  function renderHome(key) {
    const ws = workspaceOf(key);
    if (ws.kind !== 'home') {
      const h = el('h1', {}, 'Home');
      const p = el('p', {}, 'No record is open. Open one from a tab, or with POST /__sim/tabs.');
      ws.body.replaceChildren(el('div', { class: 'home' }, h, p));
      Object.assign(ws, { kind: 'home', record: null, home: null });
    }
    showWorkspace(ws, 'Home');
  }

  function renderNotFound(key) {
    const ws = workspaceOf(key);
    ws.body.replaceChildren(
      el(
        'div',
        { class: 'record-error', role: 'alert' },
        el('h2', {}, "Looks like there's a problem."),
        el('p', {}, "This record may have been deleted, or you don't have access to it."),
      ),
    );
    Object.assign(ws, { kind: 'error', record: null, home: null });
    showWorkspace(ws, 'Error');
  }

  const sessionOf = (record) => record.conversation?.sessionId ?? null;

  /**
   * Shows a record in its tab's workspace. The first time, it is rendered; a kept workspace of the
   * same record keeps its record home and transcript element: only the field values are refreshed
   * (and entries it somehow missed appended).
   */
  function renderRecord(key, record) {
    const ws = workspaceOf(key);
    const kept =
      ws.kind === 'record' &&
      ws.record.object === record.object &&
      ws.record.id === record.id &&
      sessionOf(ws.record) === sessionOf(record);
    if (kept) {
      ws.home.updateFields(record);
      if (ws.home.transcript && record.conversation) {
        for (const entry of record.conversation.entries) ws.home.transcript.addEntry(entry);
      }
    } else {
      const home = document.createElement('one-record-home');
      home.render(record);
      ws.body.replaceChildren(home);
      Object.assign(ws, { kind: 'record', home });
    }
    ws.record = record;
    if (ws.home.transcript && record.conversation) {
      const live = state.live.get(record.conversation.sessionId);
      if (live) for (const entry of live.values()) ws.home.transcript.addEntry(entry);
    }
    showWorkspace(ws, record.tabLabel);
  }

  async function fetchRecord(object, id) {
    const query = new URLSearchParams({ org: ORG, object, id });
    const response = await fetch(`/__sim/ui/record?${query}`, { cache: 'no-store' });
    if (!response.ok) return null;
    const data = await response.json();
    return data.record;
  }

  /** Shows the record of `path` (fetching its current values first), or home. */
  async function show(path) {
    const token = ++state.navToken;
    const key = keyOf(path);
    const target = parsePath(path);
    if (!target) {
      renderHome(key);
      return;
    }
    let record = null;
    try {
      record = await fetchRecord(target.object, target.id);
    } catch {
      record = null;
    }
    if (token !== state.navToken) return;
    if (!record) {
      ensureTab(path, 'Error');
      renderTabs();
      saveTabs();
      renderNotFound(key);
      return;
    }
    ensureTab(path, record.tabLabel);
    renderTabs();
    saveTabs();
    renderRecord(key, record);
  }

  function navigate(path, options) {
    const push = options?.push !== false;
    if (push && path !== currentPath()) history.pushState({ simPath: path }, '', path);
    const tab = ensureTab(path, options?.label);
    state.activeKey = tab.key;
    tab.notification = false;
    renderTabs();
    saveTabs();
    return show(path);
  }

  function closeTab(key) {
    const index = state.tabs.findIndex((t) => t.key === key);
    if (index === -1) return;
    state.tabs.splice(index, 1);
    saveTabs();
    removeWorkspace(key);
    if (key !== state.activeKey) {
      renderTabs();
      return;
    }
    const next = state.tabs[index] || state.tabs[index - 1];
    navigate(next ? next.path : '/lightning/page/home');
  }

  /** Re-reads a record's displayed values in every workspace showing it (hidden ones too). */
  async function refreshFields(object, id) {
    const showing = () =>
      [...state.workspaces.values()].filter(
        (ws) => ws.kind === 'record' && ws.record.object === object && ws.record.id === id,
      );
    if (showing().length === 0) return;
    const record = await fetchRecord(object, id);
    if (!record) return;
    for (const ws of showing()) {
      ws.record = { ...record, conversation: ws.record.conversation };
      ws.home.updateFields(record);
    }
  }

  // ---- Aura's $A, as far as force:refreshView goes -----------------------------------------------

  /**
   * `$A.get('e.force:refreshView').fire()` "reloads the view without a page reload": on a Lightning
   * record page, the data of its standard components (developer.salesforce.com, component library,
   * force:refreshView, Beta; one.app handles it). The sim re-reads the shown record and re-renders
   * its record detail in place; the transcript, the tabs and the other workspaces stay as they are.
   * Values written through the API show only after this (or a tab switch, or a reload).
   */
  async function refreshView() {
    const ws = state.workspaces.get(state.shownKey);
    if (ws?.kind !== 'record') return;
    const record = await fetchRecord(ws.record.object, ws.record.id);
    if (!record || state.workspaces.get(ws.key) !== ws) return;
    ws.record = { ...record, conversation: ws.record.conversation };
    ws.home.updateFields(record);
  }
  window.$A = {
    get(name) {
      return name === 'e.force:refreshView' ? { fire: () => void refreshView() } : undefined;
    },
  };

  // ---- agent-assist panel (a bot vendor's frame on another origin) -----------------------------

  function showAssist(url) {
    let panel = document.getElementById('sim-assist');
    if (!panel) {
      panel = el('aside', { id: 'sim-assist', class: 'sim-assist', 'aria-label': 'Agent assist' });
      document.body.append(panel);
    }
    panel.replaceChildren(el('iframe', { title: 'Agent assist', src: url }));
  }

  // ---- events ----------------------------------------------------------------------------------

  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    for (const node of event.composedPath()) {
      if (!(node instanceof Element)) continue;
      if (node.matches('button[data-close-tab]')) {
        event.preventDefault();
        closeTab(node.getAttribute('data-close-tab'));
        return;
      }
      if (node.matches('a[href]')) {
        const href = node.getAttribute('href');
        if (href?.startsWith('/lightning/')) {
          event.preventDefault();
          navigate(href);
        }
        return;
      }
    }
  });

  window.addEventListener('popstate', () => {
    navigate(currentPath(), { push: false });
  });

  function connect() {
    const query = new URLSearchParams({ org: ORG, since: String(state.seq) });
    const source = new EventSource(`/__sim/stream?${query}`);
    source.addEventListener('open', () => {
      document.documentElement.setAttribute('data-sim-connected', 'true');
    });
    source.addEventListener('error', () => {
      document.documentElement.removeAttribute('data-sim-connected');
    });
    source.addEventListener('entry', (event) => {
      const { sessionId, entry } = JSON.parse(event.data);
      state.seq = Math.max(state.seq, entry.seq);
      let live = state.live.get(sessionId);
      if (!live) {
        live = new Map();
        state.live.set(sessionId, live);
      }
      live.set(entry.entryId, entry);
      // Every workspace showing the conversation gets it, hidden ones too (their chat goes on).
      for (const ws of transcriptsOf(sessionId)) {
        if (ws.home.transcript.addEntry(entry)) notifyTab(ws.key);
      }
    });
    source.addEventListener('entry-edited', (event) => {
      const { sessionId, entry } = JSON.parse(event.data);
      const live = state.live.get(sessionId);
      if (live?.has(entry.entryId)) live.set(entry.entryId, entry);
      for (const ws of transcriptsOf(sessionId)) ws.home.transcript.editEntry(entry);
    });
    source.addEventListener('assist', (event) => {
      showAssist(JSON.parse(event.data).url);
    });
    source.addEventListener('tab', (event) => {
      const { path, label } = JSON.parse(event.data);
      navigate(path, { label });
    });
    source.addEventListener('record-changed', (event) => {
      const { object, id } = JSON.parse(event.data);
      refreshFields(object, id);
    });
    source.addEventListener('reset', () => {
      state.live.clear();
      // Hidden workspaces hold what the store no longer has: they render afresh when shown again.
      for (const key of [...state.workspaces.keys()]) {
        if (key !== state.shownKey) removeWorkspace(key);
      }
    });
  }

  // ---- start -----------------------------------------------------------------------------------

  const startPath = currentPath();
  const startTab = ensureTab(
    startPath,
    boot.record ? boot.record.tabLabel : boot.notFound ? 'Error' : undefined,
  );
  state.activeKey = startTab.key;
  renderTabs();
  saveTabs();
  if (boot.record) renderRecord(startTab.key, boot.record);
  else if (boot.notFound) renderNotFound(startTab.key);
  else renderHome(startTab.key);
  connect();
})();
