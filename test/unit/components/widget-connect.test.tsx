/**
 * The panel's sign-in (issue 15): **Connect Salesforce** under a `connect-needed` notice,
 * **Reconnect as <console user>** under `wrong-user`, nothing but the admin's words under
 * `connect-not-set-up`; a user's click runs `auth:connect`, then `handoff:retry`; a failed sign-in
 * says why and keeps the button. The background's answers are faked.
 */
import { signal } from '@preact/signals';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { connectAndRetry } from '../../../components/widget/connect';
import { attentionOf, autoFold, handoffKey } from '../../../components/widget/panel-state';
import {
  connectLabel,
  connectOffer,
  IDLE,
  type SignInProgress,
} from '../../../components/widget/sign-in';
import { queueWords, summaryParts } from '../../../components/widget/view-text';
import { Widget } from '../../../components/widget/Widget';
import type { HandoffView, Notice, WriteProgress } from '../../../lib/handoff/types';
import type { ConnectResult, Request } from '../../../lib/messaging/protocol';
import type { request } from '../../../lib/messaging/request';
import type { RecordRef } from '../../../lib/platforms/types';
import { button, click, flush, mount } from './dom';

const record: RecordRef = {
  platform: 'salesforce',
  org: 'acme',
  object: 'Case',
  id: '500000000000001AAA',
};
const signIn = { platform: 'salesforce', platformName: 'Salesforce', org: 'acme' } as const;

const connectNeeded: Notice = {
  code: 'connect-needed',
  message: 'acme refuses this browser’s Salesforce session for the API. Press Connect Salesforce.',
  signIn,
};
const wrongUser: Notice = {
  code: 'wrong-user',
  message: 'Nothing was written: the sign-in is John Smith’s, the console is Jane Doe’s.',
  signIn: { ...signIn, consoleUser: 'Jane Doe' },
};
const notSetUp: Notice = {
  code: 'connect-not-set-up',
  message: 'acme needs an admin to set up its sign-in: no consumer key is set for it.',
  signIn,
};

function view(patch: Partial<HandoffView> = {}): HandoffView {
  return {
    record,
    state: 'pending',
    context: {
      form: 'key-value',
      trust: 'bot-authored',
      author: 'bot',
      messageId: 'm1',
      values: { 'Account Tier': 'Premium' },
    },
    fields: [{ field: 'Tier__c', label: 'Tier', value: 'Premium', outcome: 'pending' }],
    at: Date.UTC(2026, 0, 5, 10, 30),
    ...patch,
  };
}

/** A queued write that waits for the agent to connect (a session wait). */
const waiting = (lastError: Notice): WriteProgress => ({
  target: record,
  state: 'retrying',
  attempts: 1,
  maxAttempts: 8,
  nextAttemptAt: Date.UTC(2026, 0, 5, 10, 31),
  lastError,
});

/** A click the browser vouches for (a user's), as happy-dom's own clicks are not. */
async function trustedClick(el: HTMLElement) {
  const event = new MouseEvent('click', { bubbles: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  await act(() => {
    el.dispatchEvent(event);
  });
  await flush();
}

const connectButton = (root: HTMLElement) =>
  root.querySelector<HTMLButtonElement>('button[data-action="connect"]');

async function renderPanel(v: HandoffView, progress: SignInProgress = IDLE) {
  const onConnect = vi.fn();
  const root = await mount(
    <Widget
      view={signal(v)}
      busy={signal(false)}
      onRetry={() => {}}
      onVerify={() => {}}
      signIn={signal(progress)}
      onConnect={onConnect}
    />,
  );
  return { root, onConnect };
}

describe('the Connect button', () => {
  it('offers Connect Salesforce under a connect-needed notice, as a real labelled button', async () => {
    const { root } = await renderPanel(view({ notice: connectNeeded }));
    const connect = button(root, 'Connect Salesforce');
    expect(connect).toBe(connectButton(root));
    expect(connect.type).toBe('button');
    expect(connect.getAttribute('aria-disabled')).toBeNull();
    expect(connect.className).toContain('hf-button--brand');
    // Next to the notice that asks for it, and says a window opens.
    expect(root.querySelector('.hf-notice')?.nextElementSibling?.contains(connect)).toBe(true);
    const hint = root.querySelector(`[id="${connect.getAttribute('aria-describedby')}"]`);
    expect(hint?.textContent).toBe("Opens Salesforce's sign-in in a new window.");
  });

  it('offers Reconnect as the console’s user under a wrong-user notice', async () => {
    const { root } = await renderPanel(view({ notice: wrongUser }));
    expect(connectButton(root)?.textContent).toBe('Reconnect as Jane Doe');
    expect(root.querySelector('.hf-notice')?.textContent).toContain('John Smith');
  });

  it('offers no button where only an admin can help (no consumer key), and shows the admin’s words', async () => {
    const { root } = await renderPanel(view({ state: 'failed', notice: notSetUp }));
    expect(connectButton(root)).toBeNull();
    expect(root.querySelector('.hf-notice')?.getAttribute('role')).toBe('alert');
    expect(root.querySelector('.hf-notice')?.textContent).toContain('needs an admin');
  });

  it('offers nothing for other notices, nor for a sign-in notice without its sign-in', async () => {
    const session: Notice = { code: 'session-missing', message: 'Sign in to Salesforce.' };
    expect(connectButton((await renderPanel(view({ notice: session }))).root)).toBeNull();
    const bare: Notice = { code: 'connect-needed', message: 'Connect.' };
    expect(connectButton((await renderPanel(view({ notice: bare }))).root)).toBeNull();
  });

  it('offers Connect for a queued write that waits for it, when the view’s own notice is another', async () => {
    const v = view({ notice: undefined, queue: [waiting(connectNeeded)] });
    expect(connectOffer(v)).toEqual({ signIn, code: 'connect-needed' });
    const { root } = await renderPanel(v);
    expect(connectButton(root)?.textContent).toBe('Connect Salesforce');
  });

  it('runs only on a user’s click, never on a click the page scripts', async () => {
    const { root, onConnect } = await renderPanel(view({ notice: wrongUser }));
    await click(connectButton(root));
    expect(onConnect).not.toHaveBeenCalled();
    await trustedClick(connectButton(root) as HTMLButtonElement);
    expect(onConnect).toHaveBeenCalledExactlyOnceWith({ ...signIn, consoleUser: 'Jane Doe' });
  });

  it('has no button without onConnect (a panel that cannot sign in)', async () => {
    const root = await mount(
      <Widget
        view={signal(view({ notice: connectNeeded }))}
        busy={signal(false)}
        onRetry={() => {}}
        onVerify={() => {}}
      />,
    );
    expect(connectButton(root)).toBeNull();
  });

  it('shows a console user’s name as text, on one short line', async () => {
    const hostile = '<img src=x onerror=alert(1)>   Jane\n'.padEnd(200, 'x');
    const { root } = await renderPanel(
      view({ notice: { ...wrongUser, signIn: { ...signIn, consoleUser: hostile } } }),
    );
    expect(root.querySelector('img')).toBeNull();
    const label = connectButton(root)?.textContent ?? '';
    expect(label.startsWith('Reconnect as <img src=x onerror=alert(1)> Jane')).toBe(true);
    expect(label.length).toBeLessThanOrEqual('Reconnect as '.length + 40);
    expect(label.endsWith('…')).toBe(true);
    expect(connectLabel({ signIn, code: 'wrong-user' })).toBe('Reconnect Salesforce');
  });
});

/** The content script's wiring (mount.tsx) around a fake background. */
function wired(answers: { connect: () => Promise<ConnectResult>; retried: HandoffView }) {
  const viewSignal = signal<HandoffView | null>(view({ notice: connectNeeded }));
  const progress = signal<SignInProgress>(IDLE);
  let open: RecordRef | null = record;
  const sent: Request[] = [];
  const send = vi.fn(async (req: Request) => {
    sent.push(req);
    if (req.type === 'auth:connect') return answers.connect();
    if (req.type === 'handoff:retry') return answers.retried;
    throw new Error(`unexpected ${req.type}`);
  }) as unknown as typeof request;
  const show = async (run: (r: RecordRef) => Promise<HandoffView>) => {
    if (open) viewSignal.value = await run(open);
  };
  const deps = { progress, send, show, record: () => open };
  const ui = (
    <Widget
      view={viewSignal}
      busy={signal(false)}
      onRetry={() => {}}
      onVerify={() => {}}
      signIn={progress}
      onConnect={(s) => void connectAndRetry(deps, s)}
    />
  );
  return {
    ui,
    sent,
    progress,
    view: viewSignal,
    openRecord: (r: RecordRef | null) => {
      open = r;
    },
  };
}

const written = view({
  state: 'done',
  notice: undefined,
  fields: [{ field: 'Tier__c', label: 'Tier', value: 'Premium', outcome: 'written' }],
});

describe('connecting from the panel', () => {
  it('sends auth:connect, reads Connecting… while the window is open, then retries and shows the new view', async () => {
    let finish: (r: ConnectResult) => void = () => {};
    const w = wired({
      connect: () => new Promise((resolve) => (finish = resolve)),
      retried: written,
    });
    const root = await mount(w.ui);
    await trustedClick(connectButton(root) as HTMLButtonElement);
    expect(w.sent).toEqual([{ type: 'auth:connect', platform: 'salesforce', org: 'acme' }]);
    const pending = connectButton(root);
    expect(pending?.textContent).toBe('Connecting…');
    expect(pending?.getAttribute('aria-disabled')).toBe('true');
    expect(root.querySelector('.hf-connect__line')?.textContent).toBe(
      'Finish signing in in the Salesforce window.',
    );
    // A second press while the window is open starts nothing.
    await trustedClick(pending as HTMLButtonElement);
    expect(w.sent).toHaveLength(1);

    finish({
      connected: true,
      platform: 'salesforce',
      org: 'acme',
      user: { userId: '005000000000001AAA', name: 'Jane Doe', username: 'jane@acme.example' },
    });
    await flush();
    expect(w.sent).toEqual([
      { type: 'auth:connect', platform: 'salesforce', org: 'acme' },
      { type: 'handoff:retry', record },
    ]);
    expect(w.view.value).toBe(written);
    expect(connectButton(root)).toBeNull();
    expect(root.querySelector('.hf-notice')).toBeNull();
    expect(root.querySelector('.hf-connect__line')?.textContent).toBe('Connected as Jane Doe.');
    expect(root.querySelector('.hf-summary')?.textContent).toBe('1 written');
  });

  it('shows why a sign-in failed, with its fix, sends no retry, and keeps the button to try again', async () => {
    const mismatch: Notice = {
      code: 'connect-failed',
      message:
        'Salesforce refused the sign-in: the callback URL is not the one its app lists. Ask your admin to add https://abc.chromiumapp.org/ as the Callback URL of the External Client App.',
      detail: 'redirect_uri_mismatch: redirect_uri must match configuration',
    };
    const w = wired({
      connect: async () => ({ connected: false, notice: mismatch }),
      retried: written,
    });
    const root = await mount(w.ui);
    await trustedClick(connectButton(root) as HTMLButtonElement);
    expect(w.sent.map((r) => r.type)).toEqual(['auth:connect']);
    const failure = root.querySelector('.hf-connect .hf-notice');
    expect(failure?.getAttribute('role')).toBe('alert');
    expect(failure?.querySelector('.hf-notice__text')?.textContent).toContain(
      'add https://abc.chromiumapp.org/ as the Callback URL',
    );
    expect(failure?.querySelector('details')?.textContent).toContain('redirect_uri_mismatch');
    const again = connectButton(root);
    expect(again?.textContent).toBe('Connect Salesforce');
    expect(again?.getAttribute('aria-disabled')).toBeNull();
    // Try again: it runs once more.
    await trustedClick(again as HTMLButtonElement);
    expect(w.sent.map((r) => r.type)).toEqual(['auth:connect', 'auth:connect']);
  });

  it('says so when the sign-in could not even start (the extension went away)', async () => {
    const w = wired({
      connect: () => Promise.reject(new Error('Handoff Fields did not answer. Reload this page.')),
      retried: written,
    });
    const root = await mount(w.ui);
    await trustedClick(connectButton(root) as HTMLButtonElement);
    expect(root.querySelector('.hf-connect .hf-notice__text')?.textContent).toContain(
      'Handoff Fields did not answer. Reload this page.',
    );
    expect(connectButton(root)?.getAttribute('aria-disabled')).toBeNull();
  });

  it('shows nothing of a sign-in on another record the agent opened meanwhile, and retries nothing there', async () => {
    let finish: (r: ConnectResult) => void = () => {};
    const w = wired({
      connect: () => new Promise((resolve) => (finish = resolve)),
      retried: written,
    });
    const root = await mount(w.ui);
    await trustedClick(connectButton(root) as HTMLButtonElement);
    // mount.tsx's setRecord: another record, its own (idle) sign-in.
    w.openRecord({ ...record, id: '500000000000002AAA' });
    w.progress.value = IDLE;
    finish({
      connected: true,
      platform: 'salesforce',
      org: 'acme',
      user: { userId: '005000000000001AAA', name: 'Jane Doe' },
    });
    await flush();
    expect(w.sent.map((r) => r.type)).toEqual(['auth:connect']);
    expect(w.progress.value).toEqual(IDLE);
  });
});

describe('the panel opens for a sign-in', () => {
  it('needs the agent for every sign-in notice, also while the write waits and before a context', () => {
    expect(attentionOf(view({ notice: connectNeeded }))).toBe('needed');
    expect(attentionOf(view({ queue: [waiting(wrongUser)] }))).toBe('needed');
    expect(attentionOf(view({ state: 'failed', notice: notSetUp }))).toBe('needed');
    expect(attentionOf(view({ context: undefined, notice: connectNeeded }))).toBe('needed');
    // A write simply pending still asks nothing.
    expect(attentionOf(view())).toBe('none');
  });

  it('opens once per handoff, and not again once the agent folded it', () => {
    const v = view({ notice: connectNeeded });
    const opened = autoFold(v, null, null);
    expect(opened?.open).toBe(true);
    expect(autoFold(v, opened?.key ?? null, null)).toBeNull();
    expect(autoFold(v, null, handoffKey(v))).toBeNull();
  });

  it('opens once for a sign-in asked before any context', () => {
    const v = view({ context: undefined, state: 'waiting', fields: [], notice: connectNeeded });
    const opened = autoFold(v, null, null);
    expect(opened?.open).toBe(true);
    expect(autoFold({ ...v, at: v.at + 1 }, opened?.key ?? null, null)).toBeNull();
  });
});

describe('the words of a write that waits for the agent to connect', () => {
  it('says it is written once the agent connects, not a retry time', () => {
    expect(queueWords(waiting(connectNeeded))).toBe(
      'Not written yet: it is written once you connect.',
    );
    expect(queueWords(waiting(wrongUser), true)).toBe(
      'Case 500000000000001AAA not written yet: it is written once you connect.',
    );
    expect(summaryParts(view({ notice: connectNeeded, queue: [waiting(connectNeeded)] }))).toEqual([
      '1 waiting for you to connect',
    ]);
  });
});
