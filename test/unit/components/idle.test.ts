import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterFirstPaint, afterPaint, FRAME_WAIT_MS } from '../../../components/shared/idle';

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

describe('afterFirstPaint', () => {
  it('asks for the rest once the first answer (even a failed one) is painted, or at once without one', async () => {
    const frames: FrameRequestCallback[] = [];
    vi.spyOn(globalThis, 'requestAnimationFrame').mockImplementation((cb) => {
      frames.push(cb);
      return frames.length;
    });
    const next = vi.fn(async () => 'rest');
    let answer: (v: string) => void = () => {};
    const first = new Promise<string>((r) => (answer = r));
    const rest = afterFirstPaint(first, next);
    await new Promise((r) => setTimeout(r, 10));
    expect(next).not.toHaveBeenCalled(); // the first answer is not here
    answer('first');
    await new Promise((r) => setTimeout(r, 10));
    expect(next).not.toHaveBeenCalled(); // here, not painted yet
    frames.shift()?.(0);
    expect(await rest).toBe('rest');

    const afterFailure = afterFirstPaint(Promise.reject(new Error('refused')), next);
    await new Promise((r) => setTimeout(r, 10));
    frames.shift()?.(0);
    expect(await afterFailure).toBe('rest');

    await afterFirstPaint(undefined, next);
    expect(next).toHaveBeenCalledTimes(3);
    expect(frames).toHaveLength(0);
  });
});
