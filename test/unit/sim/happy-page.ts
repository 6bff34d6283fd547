/**
 * Runs a simulated console page (its real inlined script) in a happy-dom window whose fetch and
 * EventSource reach the running sim, as the browser would: relative URLs go to the page's host,
 * absolute ones to theirs, each with the given cookies.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { Window } from 'happy-dom';
import { simRequest } from '../../sim/client';
import { readSseEvents } from './sse-reader';

type Listener = (event: { data?: string }) => void;

export interface HappyPage {
  window: Window;
  document: Window['document'];
  $(selector: string): Element | null;
  $$(selector: string): Element[];
  until(pred: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function loadHappyPage(options: {
  origin: string;
  host: string;
  path: string;
  /** Sent with every request (`name=value; …`). */
  cookie?: string;
  /** Cookies the page's own script can read (`document.cookie`). */
  documentCookie?: string;
}): Promise<HappyPage> {
  const { origin, host, path } = options;
  const cookieHeader: Record<string, string> = options.cookie ? { Cookie: options.cookie } : {};
  const html = await simRequest(origin, { path, host, headers: cookieHeader });
  if (html.status !== 200) throw new Error(`GET ${path} on ${host}: ${html.status}`);
  const window = new Window({
    url: `https://${host}${path}`,
    settings: {
      enableJavaScriptEvaluation: true,
      suppressInsecureJavaScriptEnvironmentWarning: true,
    },
  });
  const streams: ClientRequest[] = [];
  const w = window as unknown as Record<string, unknown>;
  w.fetch = async (
    input: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ) => {
    const url = new URL(input, `https://${host}`);
    const res = await simRequest(origin, {
      method: init.method ?? 'GET',
      path: url.pathname + url.search,
      host: url.hostname,
      headers: { ...init.headers, ...cookieHeader, Origin: `https://${host}` },
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    return {
      ok: res.status >= 200 && res.status < 300,
      status: res.status,
      headers: { get: (name: string) => res.headers[name.toLowerCase()] ?? null },
      json: async () => res.json,
    };
  };
  w.EventSource = class {
    private listeners = new Map<string, Listener[]>();
    constructor(url: string) {
      const req = request(
        new URL(url, origin),
        { headers: { Host: host }, rejectUnauthorized: false, agent: false },
        (res: IncomingMessage) => {
          this.emit('open', {});
          readSseEvents(res, (event, data) => {
            this.emit(event, { data });
          });
        },
      );
      req.on('error', () => {});
      req.end();
      streams.push(req);
    }
    addEventListener(type: string, listener: Listener) {
      const list = this.listeners.get(type) ?? [];
      list.push(listener);
      this.listeners.set(type, list);
    }
    private emit(type: string, event: { data?: string }) {
      for (const l of this.listeners.get(type) ?? []) l(event);
    }
  };
  if (options.documentCookie) window.document.cookie = options.documentCookie;
  window.document.write(html.text);
  const document = window.document;
  const page: HappyPage = {
    window,
    document,
    $: (s) => document.querySelector(s) as unknown as Element | null,
    $$: (s) => [...document.querySelectorAll(s)] as unknown as Element[],
    async until(pred, what, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (!pred()) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      for (const s of streams) s.destroy();
      await window.happyDOM.close();
    },
  };
  await page.until(
    () => document.documentElement.getAttribute('data-sim-connected') === 'true',
    'the stream',
  );
  return page;
}
