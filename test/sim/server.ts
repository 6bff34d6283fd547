/**
 * The simulation server: one HTTPS server on 127.0.0.1 that answers for the platforms' real host
 * names (Chromium reaches it through --host-resolver-rules) and serves the control API on any host.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { Socket } from 'node:net';
import { createControl } from './control';
import { FaultQueue } from './faults';
import { hostName, requestUrl, sendJson, sendText } from './http';
import { createKustomer } from './kustomer/index';
import type { SimContext, SimPlatform } from './platform';
import { RequestLog } from './request-log';
import { createSalesforce } from './salesforce/index';
import { SseHub } from './sse';
import { simCertificate } from './tls';

export interface SimHandle {
  port: number;
  /** `https://127.0.0.1:PORT`: the control API (and any platform host, with a Host header). */
  origin: string;
  /** Chromium's `--host-resolver-rules` value that sends the platforms' hosts to this server. */
  hostResolverRules: string;
  close(): Promise<void>;
}

export interface SimOptions {
  /** 0 (default) picks a free port. */
  port?: number;
}

export async function startSim(opts: SimOptions = {}): Promise<SimHandle> {
  const { key, cert } = await simCertificate();
  const closing = new AbortController();
  const ctx: SimContext = {
    faults: new FaultQueue(),
    log: new RequestLog(),
    sse: new SseHub(),
    wait: (ms) =>
      new Promise<boolean>((resolve) => {
        if (closing.signal.aborted) return resolve(false);
        const timer = setTimeout(() => {
          closing.signal.removeEventListener('abort', onAbort);
          resolve(true);
        }, ms);
        const onAbort = () => {
          clearTimeout(timer);
          resolve(false);
        };
        closing.signal.addEventListener('abort', onAbort, { once: true });
      }),
  };
  const platforms: SimPlatform[] = [createSalesforce(ctx), createKustomer(ctx)];
  let port = 0;
  const control = createControl({
    ctx,
    platforms,
    info: () => ({
      origin: `https://127.0.0.1:${port}`,
      hostResolverRules: rules(platforms, port),
      platforms: platforms.map((p) => ({
        id: p.id,
        hosts: p.hostPatterns,
        orgs: p.control.orgs(),
      })),
    }),
  });

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const host = hostName(req);
      const found = platforms
        .map((platform) => ({ platform, match: platform.matchHost(host) }))
        .find((p) => p.match !== undefined);
      const hit = found?.match ? { platform: found.platform, match: found.match } : undefined;
      const { pathname } = requestUrl(req);
      if (pathname === '/__sim' || pathname.startsWith('/__sim/')) {
        await control(req, res, hit);
        return;
      }
      if (!hit) {
        sendText(
          res,
          404,
          `The simulation serves no host named '${host}'. Use the control API under /__sim/.`,
        );
        return;
      }
      await hit.platform.handle(req, res, hit.match);
    } catch (error) {
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { error: `Sim failure: ${(error as Error).message}` });
    }
  };

  const server = createServer({ key, cert }, (req, res) => {
    void handler(req, res);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A client that aborts the TLS handshake must not bring the sim down.
  server.on('tlsClientError', () => {});

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;

  let closed: Promise<void> | undefined;
  return {
    port,
    origin: `https://127.0.0.1:${port}`,
    hostResolverRules: rules(platforms, port),
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        ctx.sse.closeAll();
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}

function rules(platforms: readonly SimPlatform[], port: number): string {
  return platforms
    .flatMap((p) => p.hostPatterns)
    .map((pattern) => `MAP ${pattern} 127.0.0.1:${port}`)
    .join(', ');
}
