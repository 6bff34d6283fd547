/** The options page's on-demand parts (components/options/lazy.tsx). */
import { render } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { lazyComponent } from '../../../components/shared/lazy';
import { flush, mount } from './dom';

function Greeting({ name }: { name: string }) {
  return <p class="greeting">Hello {name}</p>;
}

describe('lazyComponent', () => {
  it('shows the fallback, then the component once its code is loaded, loading it once', async () => {
    let release: (c: typeof Greeting) => void = () => {};
    const load = vi.fn(() => new Promise<typeof Greeting>((r) => (release = r)));
    const Lazy = lazyComponent(load, <p class="wait">Loading…</p>);
    const root = await mount(<Lazy name="Ada" />);
    expect(root.querySelector('.wait')).not.toBeNull();
    release(Greeting);
    await flush();
    expect(root.querySelector('.greeting')?.textContent).toBe('Hello Ada');
    expect(root.querySelector('.wait')).toBeNull();
    // Loaded: another one renders at once, without loading again.
    const again = await mount(<Lazy name="Grace" />);
    expect(again.querySelector('.greeting')?.textContent).toBe('Hello Grace');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('renders at once after preload', async () => {
    const Lazy = lazyComponent(async () => Greeting);
    await Lazy.preload();
    const root = await mount(<Lazy name="Ada" />);
    expect(root.textContent).toBe('Hello Ada');
  });

  it('shows the component when its code arrives between the first render and its effect', async () => {
    // The popup preloads its form in idle time; a click on Edit can render the form's fallback
    // just before that preload ends and just after its effect would have started waiting for it.
    let release: (c: typeof Greeting) => void = () => {};
    const Lazy = lazyComponent(
      () => new Promise<typeof Greeting>((r) => (release = r)),
      <p class="wait">Loading…</p>,
    );
    const preloading = Lazy.preload();
    const root = document.createElement('div');
    document.body.append(root);
    try {
      render(<Lazy name="Ada" />, root); // outside act(): the effect waits for the next frame
      expect(root.querySelector('.wait')).not.toBeNull();
      release(Greeting);
      await preloading;
      await new Promise((r) => setTimeout(r, 150)); // the effect, then its re-render
      await flush();
      expect(root.querySelector('.greeting')?.textContent).toBe('Hello Ada');
    } finally {
      render(null, root);
      root.remove();
    }
  });

  it('says so when the code cannot be loaded', async () => {
    const Lazy = lazyComponent<{ name: string }>(() => Promise.reject(new Error('gone')));
    const root = await mount(<Lazy name="Ada" />);
    await flush();
    expect(root.querySelector('[role="alert"]')?.textContent).toBe(
      'This part of the page could not be loaded. Reload the page.',
    );
  });
});
