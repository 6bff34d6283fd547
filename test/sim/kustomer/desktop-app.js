/*
 * The simulated Kustomer agent desktop, running in the page (plain browser script, inlined by
 * desktop.ts). A React-style single-page app with stable `data-kt` hooks: the conversation list,
 * the timeline (virtualised: the last N messages only), the composer and the attributes panel.
 * Navigation is history.pushState / popstate; live items come from /__sim/stream (server-sent
 * events). Attribute values are read from the API with the session cookie, the `x-kustomer-client`
 * header and (for writes) the CSRF token, as the real web app does. Page data is rendered as text
 * (textContent), except a rich message body (`item.html`), which is rebuilt node by node through the
 * allowlist of rich-body-script.js (`SimRichBody`, inlined before this script).
 */
(() => {
  const boot = JSON.parse(document.getElementById('kt-boot').textContent);
  const ORG = boot.org;
  const WINDOW = boot.window;
  const CONVERSATION_PATH = /^\/app\/conversations\/([0-9a-fA-F]{24})\/?$/;
  const CUSTOMER_EVENT_PATH = /^\/app\/customers\/([0-9a-fA-F]{24})\/event\/([0-9a-fA-F]{24})\/?$/;

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

  function text(tag, attrs, value) {
    const node = el(tag, attrs);
    node.textContent = value;
    return node;
  }

  // ---- API (as the web app calls it) ----------------------------------------------------------

  function cookie(name) {
    for (const part of document.cookie.split(';')) {
      const eq = part.indexOf('=');
      if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
    }
    return '';
  }

  async function api(method, path, body) {
    const headers = {
      Accept: 'application/json',
      'x-kustomer-client': 'web',
      'x-sim-desktop': '1',
    };
    if (method !== 'GET') {
      headers['Content-Type'] = 'application/json';
      headers['x-csrf-token'] = cookie('_csrf');
    }
    const res = await fetch(boot.apiOrigin + path, {
      method,
      headers,
      credentials: 'include',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => null);
    if (res.status === 401) showSessionBanner();
    if (!res.ok) {
      const err = json?.errors?.[0];
      throw new Error(`${res.status} ${err?.detail || err?.message || err?.title || ''}`.trim());
    }
    return json;
  }

  async function sim(what, params) {
    const query = new URLSearchParams({ org: ORG, ...params });
    const res = await fetch(`/__sim/ui/${what}?${query}`);
    if (!res.ok) return null;
    return res.json();
  }

  // ---- layout ------------------------------------------------------------------------------------

  const root = document.getElementById('root');
  const listNav = el('nav', {
    class: 'kt-list css-1l8x2kq',
    'data-kt': 'conversationList',
    'aria-label': 'Conversations',
  });
  const pane = el('main', { class: 'kt-pane css-9fj2ka', 'data-kt': 'conversationPane' });
  const panel = el('aside', {
    class: 'kt-attributes css-3mq0zt',
    'data-kt': 'attributesPanel',
    'aria-label': 'Attributes',
  });
  const banner = el('div', {
    class: 'kt-banner',
    'data-kt': 'sessionExpired',
    role: 'alert',
    hidden: true,
  });
  banner.textContent = 'Your session has expired. Reload to sign in again.';
  root.append(
    el(
      'div',
      { class: 'kt-app css-1q2w3e', 'data-kt': 'app' },
      el(
        'header',
        { class: 'kt-top', 'data-kt': 'topBar' },
        text('span', { class: 'kt-logo' }, 'Kustomer'),
        text('span', { class: 'kt-org', 'data-kt': 'orgName' }, boot.orgName),
        text(
          'span',
          { class: 'kt-user', 'data-kt': 'currentUser' },
          boot.user ? boot.user.name : '',
        ),
      ),
      banner,
      el('div', { class: 'kt-main' }, listNav, pane, panel),
    ),
  );

  function showSessionBanner() {
    banner.hidden = false;
  }

  // ---- conversation list -------------------------------------------------------------------------

  const state = {
    conversations: boot.conversations,
    current: null,
    navToken: 0,
    seq: boot.seq,
    /** Live items by conversation id (seq → item), so a view loaded later still shows them. */
    live: new Map(),
    metadata: null,
  };

  function renderList() {
    const activeId = state.current ? state.current.conversationId : null;
    listNav.replaceChildren(
      text('h2', { class: 'kt-list-title' }, 'Conversations'),
      ...state.conversations.map((c) =>
        el(
          'a',
          {
            class: `kt-list-item${c.id === activeId ? ' is-active' : ''}`,
            'data-kt': 'conversationListItem',
            'data-kt-id': c.id,
            'data-kt-customer-id': c.customerId,
            href: c.path,
            'aria-current': c.id === activeId ? 'page' : null,
          },
          text(
            'span',
            { class: 'kt-list-name', 'data-kt': 'conversationListName' },
            c.customerName,
          ),
          text('span', { class: 'kt-list-subject' }, c.name),
          text(
            'span',
            { class: 'kt-list-preview', 'data-kt': 'conversationListPreview' },
            c.preview,
          ),
        ),
      ),
    );
  }

  function updateListPreview(conversationId, item) {
    if (item.kind !== 'message') return;
    const c = state.conversations.find((x) => x.id === conversationId);
    if (c) c.preview = item.text.slice(0, 80);
    const node = listNav.querySelector(
      `[data-kt-id="${conversationId}"] [data-kt="conversationListPreview"]`,
    );
    if (node) node.textContent = item.text.slice(0, 80);
  }

  // ---- timeline ----------------------------------------------------------------------------------

  /** A message's body: its text, or the allowed DOM of its rich (HTML) body. */
  function setBody(node, item) {
    if (typeof item.html === 'string') {
      node.classList.add('kt-body--rich');
      SimRichBody.render(node, item.html);
    } else {
      node.classList.remove('kt-body--rich');
      node.textContent = item.text;
    }
  }

  function itemNode(item) {
    if (item.kind === 'event') {
      return el(
        'div',
        { class: 'kt-event', 'data-kt': 'timelineItem', 'data-kt-type': 'event' },
        text('span', { 'data-kt': 'eventText' }, item.text),
      );
    }
    const body = el('div', { class: 'kt-body', 'data-kt': 'messageBody' });
    setBody(body, item);
    // The header (author, bot badge) comes before the body, as direct children of the item.
    const children = [
      text('span', { class: 'kt-author', 'data-kt': 'messageAuthor' }, item.authorName),
    ];
    if (item.bot) children.push(text('span', { class: 'kt-bot', 'data-kt': 'botBadge' }, 'Bot'));
    children.push(
      body,
      text(
        'time',
        { class: 'kt-time', 'data-kt': 'messageTime', datetime: item.time },
        item.timeLabel,
      ),
    );
    return el(
      'div',
      {
        class: `kt-message kt-message--${item.direction}${item.bot ? ' kt-message--bot' : ''}`,
        'data-kt': 'timelineItem',
        'data-kt-type': 'message',
        'data-kt-id': item.id,
        'data-kt-direction': item.direction,
      },
      ...children,
    );
  }

  class Timeline {
    constructor(container, older) {
      this.container = container;
      this.older = older;
      this.seen = new Set();
      this.rendered = 0;
      this.total = 0;
    }

    /** Renders a conversation's items: the last WINDOW messages and the events among them. */
    setItems(items) {
      this.seen = new Set(items.map((i) => i.id));
      const messageIndexes = [];
      for (let index = 0; index < items.length; index++) {
        if (items[index].kind === 'message') messageIndexes.push(index);
      }
      this.total = messageIndexes.length;
      const start =
        messageIndexes.length > WINDOW ? messageIndexes[messageIndexes.length - WINDOW] : 0;
      const shown = items.slice(start);
      this.rendered = shown.filter((i) => i.kind === 'message').length;
      this.container.replaceChildren(...shown.map(itemNode));
      this.updateOlder();
      this.scroll();
    }

    /** Appends one item (live), never re-rendering what is there; drops the oldest past WINDOW. */
    add(item) {
      if (this.seen.has(item.id)) return;
      this.seen.add(item.id);
      this.container.append(itemNode(item));
      if (item.kind === 'message') {
        this.rendered += 1;
        this.total += 1;
      }
      while (this.rendered > WINDOW) {
        const first = this.container.firstElementChild;
        if (!first) break;
        if (first.getAttribute('data-kt-type') === 'message') this.rendered -= 1;
        first.remove();
      }
      while (
        this.total > this.rendered &&
        this.container.firstElementChild?.getAttribute('data-kt-type') === 'event'
      ) {
        this.container.firstElementChild.remove();
      }
      this.updateOlder();
      this.scroll();
    }

    /** A message edited after it was posted: the same element shows the new text. */
    edit(item) {
      for (const node of this.container.children) {
        if (node.getAttribute('data-kt-id') !== item.id) continue;
        const body = node.querySelector(':scope > [data-kt="messageBody"]');
        if (body) setBody(body, item);
      }
    }

    updateOlder() {
      const older = this.total - this.rendered;
      this.older.hidden = older <= 0;
      this.older.textContent = older > 0 ? `${older} earlier message${older === 1 ? '' : 's'}` : '';
    }

    scroll() {
      this.container.scrollTop = this.container.scrollHeight;
    }
  }

  // ---- composer (Draft.js-style) -----------------------------------------------------------------

  function emptyBlock() {
    return el(
      'div',
      { 'data-contents': 'true' },
      el(
        'div',
        { 'data-block': 'true', 'data-editor': 'kt', 'data-offset-key': 'kt0-0-0' },
        el(
          'div',
          {
            class: 'public-DraftStyleDefault-block public-DraftStyleDefault-ltr',
            'data-offset-key': 'kt0-0-0',
          },
          el('span', { 'data-offset-key': 'kt0-0-0' }, el('br', { 'data-text': 'true' })),
        ),
      ),
    );
  }

  function composerNode(conversationId) {
    const editor = el('div', {
      class: 'notranslate public-DraftEditor-content',
      contenteditable: 'true',
      role: 'textbox',
      spellcheck: 'true',
      'aria-label': 'Reply to the customer',
      'aria-multiline': 'true',
      style: 'outline: none; user-select: text; white-space: pre-wrap; overflow-wrap: break-word;',
    });
    editor.append(emptyBlock());
    const placeholder = text(
      'div',
      { class: 'public-DraftEditorPlaceholder-root' },
      'Type a reply…',
    );
    const error = el('div', {
      class: 'kt-composer-error',
      'data-kt': 'composerError',
      role: 'status',
    });
    const send = text(
      'button',
      { type: 'button', class: 'kt-send', 'data-kt': 'composerSend' },
      'Send',
    );
    const root = el(
      'div',
      { class: 'kt-composer', 'data-kt': 'composer' },
      el(
        'div',
        { class: 'DraftEditor-root' },
        placeholder,
        el('div', { class: 'DraftEditor-editorContainer' }, editor),
      ),
      el('div', { class: 'kt-composer-bar' }, error, send),
    );
    // innerText (not textContent): the editor's blocks and <br>s are the message's line breaks.
    // biome-ignore lint/performance/useDomNodeTextContent: line breaks are wanted here
    const content = () => editor.innerText.replace(/\n+$/, '');
    const sync = () => {
      placeholder.hidden = content().trim() !== '';
    };
    editor.addEventListener('input', sync);
    const submit = async () => {
      const body = content();
      if (body.trim() === '') return;
      send.disabled = true;
      error.textContent = '';
      try {
        await api('POST', `/v1/conversations/${conversationId}/messages`, {
          channel: 'chat',
          app: 'chat',
          direction: 'out',
          body,
          preview: body.slice(0, 200),
        });
        editor.replaceChildren(emptyBlock());
        sync();
      } catch (e) {
        error.textContent = `Not sent: ${e.message}`;
      } finally {
        send.disabled = false;
      }
    };
    editor.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        submit();
      }
    });
    send.addEventListener('click', submit);
    return root;
  }

  // ---- attributes panel --------------------------------------------------------------------------

  function treeLabel(tree, value) {
    const names = [];
    let level = tree ? tree.children : [];
    for (const id of String(value).split('.')) {
      const hit = level.find((n) => n.id === id);
      if (!hit) return String(value);
      names.push(hit.displayName);
      level = hit.children || [];
    }
    return names.join(' › ');
  }

  function formatValue(name, def, value) {
    if (value === undefined || value === null || value === '') return '';
    if (name.endsWith('Bool')) return value ? 'Yes' : 'No';
    if (name.endsWith('At'))
      return new Date(value).toLocaleString('en-US', {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZone: 'UTC',
      });
    if (name.endsWith('Num') && typeof value === 'number') return value.toLocaleString('en-US');
    if (name.endsWith('Tree')) return treeLabel(def?.tree, value);
    return String(value);
  }

  function attributeNode(object, name, def, value) {
    const shown = formatValue(name, def, value);
    const valueNode = text('span', { class: 'kt-attr-value', 'data-kt': 'attributeValue' }, shown);
    if (name.endsWith('Txt')) valueNode.classList.add('kt-multiline');
    return el(
      'div',
      {
        class: 'kt-attr',
        'data-kt': 'attribute',
        'data-kt-object': object,
        'data-kt-name': name,
        'data-kt-empty': shown === '' ? 'true' : 'false',
      },
      text(
        'span',
        { class: 'kt-attr-label', 'data-kt': 'attributeLabel' },
        def?.displayName || name,
      ),
      valueNode,
    );
  }

  async function loadMetadata() {
    if (!state.metadata) {
      const [conversation, customer] = await Promise.all([
        api('GET', '/v1/metadata/conversation'),
        api('GET', '/v1/metadata/customer'),
      ]);
      state.metadata = {
        conversation: conversation.data.attributes.properties,
        customer: customer.data.attributes.properties,
      };
    }
    return state.metadata;
  }

  /** Reads the conversation's and the customer's attributes (on show, and when the agent edits). */
  async function renderAttributes(view) {
    panel.setAttribute('data-kt-state', 'loading');
    try {
      const [metadata, conversation, customer] = await Promise.all([
        loadMetadata(),
        api('GET', `/v1/conversations/${view.conversationId}`),
        api('GET', `/v1/customers/${view.customerId}`),
      ]);
      if (state.current !== view) return;
      const section = (object, title, properties, record) =>
        el(
          'section',
          {
            class: 'kt-attr-section',
            'data-kt': 'attributeSection',
            'data-kt-object': object,
            'data-kt-rev': record.attributes.rev,
          },
          text('h2', {}, title),
          ...Object.entries(properties).map(([name, def]) =>
            attributeNode(object, name, def, record.attributes.custom[name]),
          ),
        );
      panel.replaceChildren(
        section('conversation', 'Conversation', metadata.conversation, conversation.data),
        section('customer', view.customerName, metadata.customer, customer.data),
      );
      panel.setAttribute('data-kt-state', 'ready');
    } catch (e) {
      if (state.current !== view) return;
      panel.replaceChildren(
        text(
          'p',
          { class: 'kt-attr-error', 'data-kt': 'attributesError' },
          `Could not load attributes: ${e.message}`,
        ),
      );
      panel.setAttribute('data-kt-state', 'error');
    }
  }

  // ---- views -------------------------------------------------------------------------------------

  function parsePath(path) {
    const a = CONVERSATION_PATH.exec(path);
    if (a) return { conversationId: a[1].toLowerCase(), customerId: null };
    const b = CUSTOMER_EVENT_PATH.exec(path);
    if (b) return { conversationId: b[2].toLowerCase(), customerId: b[1].toLowerCase() };
    return null;
  }

  function setTitle(label) {
    document.title = label ? `${label} | Kustomer` : 'Kustomer';
  }

  function renderEmpty() {
    state.current = null;
    pane.replaceChildren(
      text('p', { class: 'kt-empty', 'data-kt': 'noConversation' }, 'Select a conversation.'),
    );
    panel.replaceChildren();
    panel.removeAttribute('data-kt-state');
    setTitle('');
    renderList();
  }

  function renderNotFound() {
    state.current = null;
    pane.replaceChildren(
      el(
        'div',
        { class: 'kt-not-found', 'data-kt': 'notFound', role: 'alert' },
        text('h2', {}, 'Conversation not found'),
        text('p', {}, 'It may have been deleted, or you do not have access to it.'),
      ),
    );
    panel.replaceChildren();
    panel.removeAttribute('data-kt-state');
    setTitle('Not found');
    renderList();
  }

  function renderConversation(data, seq) {
    const older = el('div', { class: 'kt-older', 'data-kt': 'timelineOlder', hidden: true });
    const log = el('div', {
      class: 'kt-timeline',
      'data-kt': 'timeline',
      role: 'log',
      'aria-live': 'polite',
      'data-kt-conversation-id': data.conversationId,
    });
    const view = {
      conversationId: data.conversationId,
      customerId: data.customerId,
      customerName: data.customerName,
      timeline: new Timeline(log, older),
    };
    state.current = view;
    pane.replaceChildren(
      el(
        'header',
        { class: 'kt-conv-header', 'data-kt': 'conversationHeader' },
        text('h1', { 'data-kt': 'conversationTitle' }, data.name),
        text('span', { class: 'kt-customer', 'data-kt': 'customerName' }, data.customerName),
        text('span', { class: 'kt-status', 'data-kt': 'conversationStatus' }, data.status),
      ),
      older,
      log,
      composerNode(data.conversationId),
    );
    view.timeline.setItems(data.items);
    const live = state.live.get(data.conversationId);
    if (live) {
      for (const item of [...live.values()].sort((a, b) => a.seq - b.seq)) {
        if (item.seq > seq) view.timeline.add(item);
      }
    }
    setTitle(data.name);
    renderList();
    renderAttributes(view);
  }

  async function navigate(path, { push = true } = {}) {
    const token = ++state.navToken;
    if (push && path !== location.pathname) history.pushState({}, '', path);
    const target = parsePath(path);
    if (!target) {
      renderEmpty();
      return;
    }
    const data = await sim('timeline', { id: target.conversationId });
    if (token !== state.navToken) return;
    if (!data || (target.customerId && data.customerId !== target.customerId)) {
      renderNotFound();
      return;
    }
    renderConversation(data, data.seq);
  }

  // ---- agent-assist panel (a bot vendor's frame on another origin) -------------------------------

  function showAssist(url) {
    let panel = document.getElementById('sim-assist');
    if (!panel) {
      panel = el('aside', { id: 'sim-assist', class: 'sim-assist', 'aria-label': 'Agent assist' });
      document.body.append(panel);
    }
    panel.replaceChildren(el('iframe', { title: 'Agent assist', src: url }));
  }

  // ---- events ------------------------------------------------------------------------------------

  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest('a[href^="/app/"]') : null;
    if (!link) return;
    event.preventDefault();
    navigate(link.getAttribute('href'));
  });

  window.addEventListener('popstate', () => {
    navigate(location.pathname, { push: false });
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
    source.addEventListener('item', (event) => {
      const { conversationId, item } = JSON.parse(event.data);
      state.seq = Math.max(state.seq, item.seq);
      let live = state.live.get(conversationId);
      if (!live) {
        live = new Map();
        state.live.set(conversationId, live);
      }
      live.set(item.id, item);
      updateListPreview(conversationId, item);
      if (state.current && state.current.conversationId === conversationId) {
        state.current.timeline.add(item);
      }
    });
    source.addEventListener('item-edited', (event) => {
      const { conversationId, item } = JSON.parse(event.data);
      const live = state.live.get(conversationId);
      if (live?.has(item.id)) live.set(item.id, item);
      if (state.current && state.current.conversationId === conversationId) {
        state.current.timeline.edit(item);
      }
    });
    source.addEventListener('assist', (event) => {
      showAssist(JSON.parse(event.data).url);
    });
    source.addEventListener('navigate', (event) => {
      navigate(JSON.parse(event.data).path);
    });
    source.addEventListener('record-changed', (event) => {
      const { resource, id } = JSON.parse(event.data);
      const cur = state.current;
      if (!cur) return;
      if (
        (resource === 'conversation' && id === cur.conversationId) ||
        (resource === 'customer' && id === cur.customerId)
      ) {
        renderAttributes(cur);
      }
    });
    source.addEventListener('reset', async () => {
      state.live.clear();
      const data = await sim('desktop', {});
      if (data) state.conversations = data.conversations;
      navigate(location.pathname, { push: false });
    });
  }

  // ---- start -------------------------------------------------------------------------------------

  if (boot.current) renderConversation(boot.current, boot.seq);
  else if (boot.notFound) renderNotFound();
  else renderEmpty();
  connect();
})();
