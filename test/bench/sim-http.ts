/**
 * A keep-alive client of the sim's control API. `SimClient` opens a new TLS connection per call
 * (fine for tests); the benchmark polls the request log and posts thousands of messages, and a
 * handshake per call would load the 2-core machine while it measures.
 */
import { Agent, request } from 'node:https';

export interface KeepAliveClient {
  json<T>(method: string, path: string, body?: unknown): Promise<T>;
  close(): void;
}

export function keepAliveClient(origin: string, maxSockets = 8): KeepAliveClient {
  const agent = new Agent({ keepAlive: true, maxSockets, rejectUnauthorized: false });
  return {
    json<T>(method: string, path: string, body?: unknown): Promise<T> {
      const text = body === undefined ? undefined : JSON.stringify(body);
      return new Promise<T>((resolve, reject) => {
        const req = request(
          new URL(path, origin),
          {
            method,
            agent,
            headers: text
              ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }
              : {},
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', reject);
            res.on('end', () => {
              const out = Buffer.concat(chunks).toString('utf8');
              if ((res.statusCode ?? 0) >= 400) {
                reject(new Error(`${method} ${path}: ${res.statusCode} ${out.slice(0, 300)}`));
                return;
              }
              try {
                resolve((out === '' ? undefined : JSON.parse(out)) as T);
              } catch (error) {
                reject(error);
              }
            });
          },
        );
        req.on('error', reject);
        req.setTimeout(15_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
        req.end(text);
      });
    },
    close() {
      agent.destroy();
    },
  };
}

/** Runs `work` over `items` with at most `concurrency` in flight. */
export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
}
