/** Server-sent events to the simulated console pages (live transcript, tab opening, refreshes). */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface SseEvent {
  event: string;
  data: unknown;
}

const HEARTBEAT_MS = 15_000;

export class SseHub {
  private channels = new Map<string, Set<ServerResponse>>();
  private heartbeats = new Map<ServerResponse, NodeJS.Timeout>();

  /** Keeps the response open as an event stream on `channel`, after sending `replay`. */
  open(channel: string, req: IncomingMessage, res: ServerResponse, replay: SseEvent[] = []): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 1000\n\n');
    for (const e of replay) res.write(format(e));
    let set = this.channels.get(channel);
    if (!set) {
      set = new Set();
      this.channels.set(channel, set);
    }
    set.add(res);
    const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    beat.unref();
    this.heartbeats.set(res, beat);
    const drop = () => this.remove(channel, res);
    req.on('close', drop);
    res.on('close', drop);
  }

  /** Sends an event to every open stream of the channel; returns how many got it. */
  send(channel: string, event: string, data: unknown): number {
    const set = this.channels.get(channel);
    if (!set) return 0;
    const text = format({ event, data });
    for (const res of set) res.write(text);
    return set.size;
  }

  count(channel: string): number {
    return this.channels.get(channel)?.size ?? 0;
  }

  /** Ends every stream (server shutdown). */
  closeAll(): void {
    for (const [channel, set] of this.channels) {
      for (const res of set) {
        this.remove(channel, res);
        res.end();
      }
    }
    this.channels.clear();
  }

  private remove(channel: string, res: ServerResponse): void {
    const beat = this.heartbeats.get(res);
    if (beat) clearInterval(beat);
    this.heartbeats.delete(res);
    this.channels.get(channel)?.delete(res);
  }
}

function format(e: SseEvent): string {
  // JSON.stringify never emits raw newlines, so one data line is enough.
  return `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
}
