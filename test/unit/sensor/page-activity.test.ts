/** The fallback trigger: page changes while no transcript can be found, throttled, off otherwise. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { salesforceSensor } from '@/lib/platforms/salesforce/content';
import { startConsoleSensor } from '@/lib/sensor/console-sensor';
import { pageActivity } from '@/lib/sensor/dom/page-activity';

afterEach(() => {
  document.body.innerHTML = '';
});

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('pageActivity', () => {
  it('calls once per burst of changes, after the interval, and only while watching', async () => {
    const page = new AbortController();
    let calls = 0;
    const activity = pageActivity({
      signal: page.signal,
      root: () => document.body,
      intervalMs: 40,
      onActivity: () => calls++,
    });
    document.body.append(document.createElement('p'));
    await tick(80);
    expect(calls).toBe(0); // not watching yet

    activity.watch(true);
    for (let i = 0; i < 5; i++) document.body.append(document.createElement('p'));
    await tick(10);
    expect(calls).toBe(0);
    await tick(80);
    expect(calls).toBe(1);

    activity.watch(false);
    document.body.append(document.createElement('p'));
    await tick(80);
    expect(calls).toBe(1);

    activity.watch(true);
    page.abort();
    document.body.append(document.createElement('p'));
    await tick(80);
    expect(calls).toBe(1);
  });
});

describe('pageActivity in shadow roots', () => {
  it('sees a change inside a component’s shadow root, as a console renders its chat', async () => {
    const page = new AbortController();
    let calls = 0;
    const host = document.createElement('some-chat');
    document.body.append(host);
    const inner = host.attachShadow({ mode: 'open' });
    const activity = pageActivity({
      signal: page.signal,
      root: () => document.body,
      intervalMs: 20,
      onActivity: () => calls++,
    });
    activity.watch(true);
    inner.append(document.createElement('p'));
    await tick(60);
    expect(calls).toBe(1);
    // A shadow root that appears later is observed from the next watch(true) on.
    const later = document.createElement('other-chat');
    document.body.append(later);
    await tick(60);
    const laterRoot = later.attachShadow({ mode: 'open' });
    activity.watch(true);
    laterRoot.append(document.createElement('p'));
    await tick(60);
    expect(calls).toBe(3);
    page.abort();
  });
});

describe('the sensor without a transcript to watch', () => {
  it('reports page changes for the open record while the profile finds no list', async () => {
    vi.useRealTimers();
    const page = new AbortController();
    const activity: string[] = [];
    startConsoleSensor(
      salesforceSensor,
      { onRecord: () => {}, onCandidates: () => {}, onActivity: (r) => activity.push(r.id) },
      {
        signal: page.signal,
        location: () => 'https://acme.lightning.force.com/lightning/r/Case/5005g00000HfCa1AAF/view',
        onLocationChange: () => {},
      },
    );
    // A console whose chat markup the profile does not know.
    const unknown = document.createElement('div');
    unknown.className = 'some-new-chat-component';
    document.body.append(unknown);
    await vi.waitFor(() => expect(activity).toEqual(['5005g00000HfCa1AAF']), { timeout: 4_000 });
    page.abort();
  });
});
