/**
 * A few DOM helpers for component tests: render into a fresh container, act like a user, and wait
 * for the fake api's promises. No testing-library: preact's render + act are enough.
 */
import { type ComponentChild, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach } from 'vitest';

const mounted: HTMLElement[] = [];

afterEach(() => {
  for (const el of mounted.splice(0)) {
    render(null, el);
    el.remove();
  }
});

export async function mount(ui: ComponentChild): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.append(container);
  mounted.push(container);
  await act(() => {
    render(ui, container);
  });
  await flush();
  return container;
}

/** Lets pending promises (the fake api) settle and Preact re-render. */
export async function flush(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  });
}

export async function click(el: Element | null | undefined): Promise<void> {
  if (!(el instanceof HTMLElement)) throw new Error('click: no element');
  await act(() => {
    el.click();
  });
  await flush();
}

/** Types into an input or textarea the way the browser reports it: value, then an input event. */
export async function type(el: Element | null | undefined, value: string): Promise<void> {
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) {
    throw new Error('type: not an input');
  }
  await act(() => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function choose(el: Element | null | undefined, value: string): Promise<void> {
  if (!(el instanceof HTMLSelectElement)) throw new Error('choose: not a select');
  await act(() => {
    el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/** The input a <label> names (by its text), through `for` or nesting. */
export function byLabel(root: ParentNode, text: string): HTMLElement {
  for (const label of root.querySelectorAll('label')) {
    if (!label.textContent?.includes(text)) continue;
    const target = label.htmlFor
      ? (root.querySelector(`[id="${label.htmlFor}"]`) as HTMLElement | null)
      : label.querySelector<HTMLElement>('input, select, textarea');
    if (target) return target;
  }
  const aria = root.querySelector<HTMLElement>(`[aria-label="${text}"]`);
  if (aria) return aria;
  throw new Error(`no input labelled "${text}"`);
}

/** The button whose text or aria-label is exactly `name`. */
export function button(root: ParentNode, name: string): HTMLButtonElement {
  for (const b of root.querySelectorAll('button')) {
    if (b.getAttribute('aria-label') === name || b.textContent?.trim() === name) return b;
  }
  throw new Error(`no button "${name}"`);
}

/** The text of the elements an input's aria-describedby points to. */
export function description(root: ParentNode, el: Element): string {
  const ids = el.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => root.querySelector(`[id="${id}"]`)?.textContent ?? '').join(' ');
}
