/*
 * The simulated Lightning Service Console, running in the page (plain browser script, inlined by
 * console-page.ts). Record bodies are custom elements with open shadow roots:
 *   <one-record-home> → shadow → <records-record-layout> → shadow → <records-record-layout-item>…
 *                              → <runtime-messaging-transcript> → shadow → <ul class="slds-chat-list">
 * Navigation is single-page (history.pushState / popstate); live events come from /__sim/stream.
 * All page data is rendered as text (textContent), never as HTML.
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

  function entryNode(entry) {
    if (entry.author === 'system') {
      const p = el('p');
      p.textContent = entry.text;
      return el(
        'li',
        { class: 'slds-chat-listitem slds-chat-listitem_event', 'data-entry-id': entry.entryId },
        el('div', { class: 'slds-chat-event' }, el('div', { class: 'slds-chat-event__body' }, p)),
      );
    }
    const dir = entry.author === 'end_user' ? 'inbound' : 'outbound';
    const span = el('span');
    span.textContent = entry.text;
    const author = el('span', { class: 'slds-chat-message__author' });
    author.textContent = entry.authorName;
    return el(
      'li',
      { class: `slds-chat-listitem slds-chat-listitem_${dir}`, 'data-entry-id': entry.entryId },
      el(
        'div',
        { class: 'slds-chat-message' },
        el(
          'div',
          { class: 'slds-chat-message__body' },
          el('div', { class: `slds-chat-message__text slds-chat-message__text_${dir}` }, span),
          el(
            'div',
            {
              class: 'slds-chat-message__meta',
              'aria-label': `said ${entry.authorName} at ${entry.timeLabel}`,
            },
            author,
            ` • ${entry.timeLabel}`,
          ),
        ),
      ),
    );
  }

  class RuntimeMessagingTranscript extends ShadowHost {
    constructor() {
      super();
      this.seen = new Set();
      this.list = el('ul', { class: 'slds-chat-list' });
      this.shadowRoot.append(this.list);
    }

    /** Renders the transcript as loaded (record render only). */
    setEntries(entries) {
      this.seen.clear();
      this.list.replaceChildren();
      for (const entry of entries) this.addEntry(entry);
    }

    /** Appends one message (live): never re-renders what is there. */
    addEntry(entry) {
      if (this.seen.has(entry.entryId)) return;
      this.seen.add(entry.entryId);
      this.list.append(entryNode(entry));
      this.scrollTop = this.scrollHeight;
    }

    /** A message edited after it was posted: the same element shows the new text. */
    editEntry(entry) {
      for (const item of this.list.children) {
        if (item.getAttribute('data-entry-id') !== entry.entryId) continue;
        const text = item.querySelector(
          '.slds-chat-message__text > span, .slds-chat-event__body > p',
        );
        if (text) text.textContent = entry.text;
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
        this.transcript.setEntries(record.conversation.entries);
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

  // ---- console state: tabs, navigation ---------------------------------------------------------

  const tabBar = document.getElementById('sim-tabs');
  const workspace = document.getElementById('sim-workspace');

  const state = {
    tabs: loadTabs(),
    activeKey: null,
    current: null,
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
          class: 'slds-button closeButton',
          type: 'button',
          title: `Close ${tab.label}`,
          'data-close-tab': tab.key,
        });
        close.textContent = '×';
        return el(
          'li',
          {
            class: `oneConsoleTabItem tabItem slds-context-bar__item${active ? ' slds-is-active' : ''}${sub ? ' subtab' : ''}`,
            role: 'presentation',
            'data-tab-key': tab.key,
          },
          link,
          close,
        );
      }),
    );
  }

  function setTitle(label) {
    document.title = `${label} | Salesforce`;
  }

  function renderHome() {
    state.current = null;
    const h = el('h1', {}, 'Home');
    const p = el('p', {}, 'No record is open. Open one from a tab, or with POST /__sim/tabs.');
    workspace.replaceChildren(el('div', { class: 'home' }, h, p));
    setTitle('Home');
  }

  function renderNotFound() {
    state.current = null;
    workspace.replaceChildren(
      el(
        'div',
        { class: 'record-error', role: 'alert' },
        el('h2', {}, "Looks like there's a problem."),
        el('p', {}, "This record may have been deleted, or you don't have access to it."),
      ),
    );
    setTitle('Error');
  }

  function renderRecord(record) {
    const home = document.createElement('one-record-home');
    home.render(record);
    if (home.transcript && record.conversation) {
      const live = state.live.get(record.conversation.sessionId);
      if (live) for (const entry of live.values()) home.transcript.addEntry(entry);
    }
    workspace.replaceChildren(home);
    state.current = { record, home };
    setTitle(record.tabLabel);
  }

  async function fetchRecord(object, id) {
    const query = new URLSearchParams({ org: ORG, object, id });
    const response = await fetch(`/__sim/ui/record?${query}`, { cache: 'no-store' });
    if (!response.ok) return null;
    const data = await response.json();
    return data.record;
  }

  /** Shows the record of `path` (fetching its current values), or home. */
  async function show(path) {
    const token = ++state.navToken;
    const target = parsePath(path);
    if (!target) {
      renderHome();
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
      renderNotFound();
      return;
    }
    ensureTab(path, record.tabLabel);
    renderTabs();
    saveTabs();
    renderRecord(record);
  }

  function navigate(path, options) {
    const push = options?.push !== false;
    if (push && path !== currentPath()) history.pushState({ simPath: path }, '', path);
    const tab = ensureTab(path, options?.label);
    state.activeKey = tab.key;
    renderTabs();
    saveTabs();
    return show(path);
  }

  function closeTab(key) {
    const index = state.tabs.findIndex((t) => t.key === key);
    if (index === -1) return;
    state.tabs.splice(index, 1);
    saveTabs();
    if (key !== state.activeKey) {
      renderTabs();
      return;
    }
    const next = state.tabs[index] || state.tabs[index - 1];
    navigate(next ? next.path : '/lightning/page/home');
  }

  async function refreshFields(object, id) {
    const cur = state.current;
    if (!cur || cur.record.object !== object || cur.record.id !== id) return;
    const record = await fetchRecord(object, id);
    if (record && state.current === cur) {
      cur.record = record;
      cur.home.updateFields(record);
    }
  }

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
      const cur = state.current;
      if (cur?.home.transcript && cur.record.conversation?.sessionId === sessionId) {
        cur.home.transcript.addEntry(entry);
      }
    });
    source.addEventListener('entry-edited', (event) => {
      const { sessionId, entry } = JSON.parse(event.data);
      const live = state.live.get(sessionId);
      if (live?.has(entry.entryId)) live.set(entry.entryId, entry);
      const cur = state.current;
      if (cur?.home.transcript && cur.record.conversation?.sessionId === sessionId) {
        cur.home.transcript.editEntry(entry);
      }
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
  if (boot.record) renderRecord(boot.record);
  else if (boot.notFound) renderNotFound();
  else renderHome();
  connect();
})();
