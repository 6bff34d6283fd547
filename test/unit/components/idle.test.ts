import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterPaint, FRAME_WAIT_MS } from '../../../components/popup/idle';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('afterPaint', () => {
  it('resolves in a task after the next animation frame, not before', async () => {
    let frame: FrameRequestCallback | undefined;
    vi.spyOn(globalThis, 'requestAnimationFrame').mockImplementation((cb) => {
      frame = cb;
      return 1;
    });
    let done = false;
    const painted = afterPaint().then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(done).toBe(false); // no frame yet
    frame?.(0);
    expect(done).toBe(false); // the frame's own callbacks first, then the paint, then this
    await painted;
    expect(done).toBe(true);
  });

  it('does not wait for a frame that never comes (a page in a background tab)', async () => {
    vi.spyOn(globalThis, 'requestAnimationFrame').mockImplementation(() => 1);
    const started = performance.now();
    await afterPaint();
    expect(performance.now() - started).toBeGreaterThanOrEqual(FRAME_WAIT_MS - 5);
  });
});
