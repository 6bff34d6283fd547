/**
 * Refreshing the record's view in place (lib/platforms/salesforce/refresh.ts): the content script
 * asks the page's world over DOM events on `document`, the main-world half fires Lightning's
 * `force:refreshView`. The page shares `document` with both and is hostile: what it can do is
 * refresh the view, or make the panel choose the wrong message — never more.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  answerRefreshRequests,
  NOT_REFRESHED,
  REFRESH_ANSWER,
  REFRESH_REQUEST,
  REFRESHED,
  refreshRecordView,
} from '@/lib/platforms/salesforce/refresh';

/** Each test's own document, so no listener outlives its test. */
let doc: Document;
beforeEach(() => {
  doc = document.implementation.createHTMLDocument('console');
});

/** Lightning's `$A`, as far as the event goes: `fire` counts the refreshes. */
function lightning() {
  const fire = vi.fn();
  const get = vi.fn((name: string) => (name === 'e.force:refreshView' ? { fire } : undefined));
  return { page: { $A: { get } }, fire, get };
}

/** What the page's world answered, each time. */
function answers(target: Document): unknown[] {
  const heard: unknown[] = [];
  target.addEventListener(REFRESH_ANSWER, (e) => heard.push((e as CustomEvent).detail));
  return heard;
}

describe('the main world: answerRefreshRequests', () => {
  it('fires force:refreshView on each request, and answers that it did', () => {
    const { page, fire, get } = lightning();
    answerRefreshRequests(doc, page);
    const heard = answers(doc);
    doc.dispatchEvent(new CustomEvent(REFRESH_REQUEST));
    expect(get).toHaveBeenCalledWith('e.force:refreshView');
    expect(fire).toHaveBeenCalledTimes(1);
    expect(heard).toEqual([REFRESHED]);
  });

  it('answers that it could not without $A, or when $A has no such event or throws', () => {
    const pages: { $A?: unknown }[] = [
      {},
      { $A: null },
      { $A: { get: () => undefined } },
      { $A: { get: () => ({ fire: 'not a function' }) } },
      {
        $A: {
          get: () => {
            throw new Error('Aura is broken');
          },
        },
      },
    ];
    for (const page of pages) {
      const own = document.implementation.createHTMLDocument('page');
      answerRefreshRequests(own, page);
      const heard = answers(own);
      expect(() => own.dispatchEvent(new CustomEvent(REFRESH_REQUEST))).not.toThrow();
      expect(heard).toEqual([NOT_REFRESHED]);
    }
  });
});

describe('the content script: refreshRecordView', () => {
  it('is true when the page’s $A refreshed the view, and the answer is there at once', () => {
    const { page, fire } = lightning();
    answerRefreshRequests(doc, page);
    expect(refreshRecordView(doc)).toBe(true);
    expect(refreshRecordView(doc)).toBe(true);
    expect(fire).toHaveBeenCalledTimes(2);
  });

  it('is false on a page without $A (not Lightning, or not loaded yet)', () => {
    answerRefreshRequests(doc, {});
    expect(refreshRecordView(doc)).toBe(false);
  });

  it('is false when no main-world script answers at all', () => {
    expect(refreshRecordView(doc)).toBe(false);
  });

  it('is the only way the extension shows written values: nothing reloads the console', () => {
    const root = resolve(import.meta.dirname, '../../../..');
    const sources = (dir: string): string[] =>
      readdirSync(join(root, dir)).flatMap((name) => {
        const path = join(dir, name);
        if (statSync(join(root, path)).isDirectory()) return sources(path);
        return /\.tsx?$/.test(name) ? [path] : [];
      });
    const reloading = ['components', 'lib', 'entrypoints']
      .flatMap(sources)
      .filter((file) => /location\.reload\s*\(/.test(readFileSync(join(root, file), 'utf8')));
    expect(reloading).toEqual([]);
  });
});

describe('a hostile page', () => {
  it('can send the request itself: the view is refreshed, nothing else happens', () => {
    const { page, fire } = lightning();
    answerRefreshRequests(doc, page);
    doc.dispatchEvent(new CustomEvent(REFRESH_REQUEST, { detail: { reload: true } }));
    expect(fire).toHaveBeenCalledTimes(1);
  });

  it('can fake the answer, which only chooses the message: "refreshed" is believed', () => {
    // No $A here, but the page says it refreshed: the panel shows no fallback, and that is all.
    doc.addEventListener(REFRESH_REQUEST, () =>
      doc.dispatchEvent(new CustomEvent(REFRESH_ANSWER, { detail: REFRESHED })),
    );
    expect(refreshRecordView(doc)).toBe(true);
  });

  it('cannot pass anything but the one word as a refresh', () => {
    const fakes: unknown[] = [
      { toString: () => REFRESHED },
      [REFRESHED],
      'Refreshed',
      ` ${REFRESHED}`,
      true,
      1,
      null,
    ];
    for (const detail of fakes) {
      const own = document.implementation.createHTMLDocument('page');
      own.addEventListener(REFRESH_REQUEST, () =>
        own.dispatchEvent(new CustomEvent(REFRESH_ANSWER, { detail })),
      );
      expect(refreshRecordView(own), String(detail)).toBe(false);
    }
  });

  it('cannot answer a request before it is made, or after', () => {
    doc.dispatchEvent(new CustomEvent(REFRESH_ANSWER, { detail: REFRESHED }));
    expect(refreshRecordView(doc)).toBe(false);
    setTimeout(() => doc.dispatchEvent(new CustomEvent(REFRESH_ANSWER, { detail: REFRESHED })));
    expect(refreshRecordView(doc)).toBe(false);
  });

  it('can swallow the request, which shows the fallback message', () => {
    // A page's listener added before the main-world script's stops the others from hearing it.
    const swallow = (e: Event) => e.stopImmediatePropagation();
    doc.addEventListener(REFRESH_REQUEST, swallow);
    const { page, fire } = lightning();
    answerRefreshRequests(doc, page);
    expect(refreshRecordView(doc)).toBe(false);
    expect(fire).not.toHaveBeenCalled();
  });
});
