/**
 * The control API, `/__sim/...` on any host: tests and tools post messages, open tabs, read and set
 * records, change sessions, inject faults and read the request log. Platform-specific halves are
 * delegated to the platform named by `platform` (default "salesforce").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFaultSpec } from './faults';
import { parseJsonObject, readBody, requestUrl, SimHttpError, sendJson, sendText } from './http';
import type { HostMatch, Json, SimContext, SimPlatform } from './platform';

/**
 * A bot vendor's agent-assist panel, as a frame on another origin inside the console. With
 * `?post=<JSON>` it posts that message to the console window when it loads (`&targetOrigin=` to
 * name the console's origin instead of `*`); tests may also run script in the frame.
 */
const ASSIST_FRAME = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Agent assist (simulated)</title>
<style>body{font:13px system-ui,sans-serif;margin:8px;color:#181818}h1{font-size:14px;margin:0 0 4px}</style>
</head>
<body>
<h1>Agent assist</h1>
<p id="status">Ready.</p>
<script>
(() => {
  const query = new URLSearchParams(location.search);
  const post = query.get('post');
  if (!post) return;
  let message;
  try { message = JSON.parse(post); } catch { message = post; }
  window.parent.postMessage(message, query.get('targetOrigin') || '*');
  document.getElementById('status').textContent = 'Sent the handoff context to the console.';
})();
</script>
</body>
</html>
`;

export interface ControlOptions {
  ctx: SimContext;
  platforms: readonly SimPlatform[];
  info: () => Json;
}

type Handler = (args: {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  params: string[];
  body: () => Promise<Json>;
  platform: (name?: unknown) => SimPlatform;
  hostOrg?: string;
}) => Promise<Json | undefined> | Json | undefined;

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

export function createControl(opts: ControlOptions) {
  const { ctx, platforms } = opts;
  const platformByName = (name: unknown, fallback?: SimPlatform): SimPlatform => {
    if (name === undefined || name === null || name === '')
      return fallback ?? (platforms[0] as SimPlatform);
    const found = platforms.find((p) => p.id === name);
    if (!found) throw new SimHttpError(400, `Unknown platform '${String(name)}'`);
    return found;
  };

  const routes: Route[] = [
    { method: 'GET', pattern: /^\/__sim\/?$/, handler: () => opts.info() },
    { method: 'GET', pattern: /^\/__sim\/info$/, handler: () => opts.info() },
    {
      method: 'POST',
      pattern: /^\/__sim\/messages$/,
      handler: async ({ body, platform }) => {
        const b = await body();
        return platform(b.platform).control.postMessage(b);
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/__sim\/messages$/,
      handler: async ({ body, platform }) => {
        const b = await body();
        return platform(b.platform).control.editMessage(b);
      },
    },
    {
      method: 'POST',
      pattern: /^\/__sim\/assist$/,
      handler: async ({ body, platform }) => {
        // An agent-assist panel in the console: open pages of the org show a frame loading `url`.
        const b = await body();
        const url = b.url;
        if (typeof url !== 'string' || !/^https:\/\/[^\s]+$/.test(url))
          throw new SimHttpError(400, '"url" must be an https URL');
        const { channel } = platform(b.platform).control.stream(
          typeof b.org === 'string' ? b.org : '',
          new URLSearchParams(),
        );
        return { url, delivered: ctx.sse.send(channel, 'assist', { url }) };
      },
    },
    {
      method: 'GET',
      pattern: /^\/__sim\/assist-frame$/,
      handler: ({ res }) => {
        sendText(res, 200, ASSIST_FRAME, 'text/html; charset=utf-8');
        return undefined;
      },
    },
    {
      method: 'GET',
      pattern: /^\/__sim\/messages$/,
      handler: ({ query, platform }) =>
        platform(query.get('platform') ?? undefined).control.listMessages(
          query.get('org') ?? '',
          query.get('recordId') ?? '',
        ),
    },
    {
      method: 'POST',
      pattern: /^\/__sim\/tabs$/,
      handler: async ({ body, platform }) => {
        const b = await body();
        return platform(b.platform).control.openTab(b);
      },
    },
    {
      method: 'GET',
      pattern: /^\/__sim\/records\/([^/]+)\/([^/]+)\/([^/]+)$/,
      handler: ({ params: [org = '', object = '', id = ''], query, platform }) =>
        platform(query.get('platform') ?? undefined).control.getRecord(org, object, id),
    },
    {
      method: 'PUT',
      pattern: /^\/__sim\/records\/([^/]+)\/([^/]+)\/([^/]+)$/,
      handler: async ({ params: [org = '', object = '', id = ''], body, query, platform }) => {
        const b = await body();
        const values = b.values;
        if (typeof values !== 'object' || values === null || Array.isArray(values)) {
          throw new SimHttpError(400, '"values" must be an object');
        }
        return platform(b.platform ?? query.get('platform') ?? undefined).control.putRecord(
          org,
          object,
          id,
          values as Json,
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/__sim\/session$/,
      handler: ({ query, platform }) =>
        platform(query.get('platform') ?? undefined).control.getSession(query.get('org') ?? ''),
    },
    {
      method: 'POST',
      pattern: /^\/__sim\/session$/,
      handler: async ({ body, platform }) => {
        const b = await body();
        return platform(b.platform).control.setSession(b);
      },
    },
    {
      method: 'GET',
      pattern: /^\/__sim\/faults$/,
      handler: () => ({ pending: ctx.faults.list() }),
    },
    {
      method: 'POST',
      pattern: /^\/__sim\/faults$/,
      handler: async ({ body }) => {
        const fault = ctx.faults.add(parseFaultSpec(await body()));
        return { fault, pending: ctx.faults.list() };
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/__sim\/faults$/,
      handler: () => {
        ctx.faults.clear();
        return { pending: [] };
      },
    },
    {
      method: 'GET',
      pattern: /^\/__sim\/requests$/,
      handler: ({ query }) => ({
        requests: ctx.log.list({
          platform: query.get('platform') ?? undefined,
          org: query.get('org') ?? undefined,
          method: query.get('method') ?? undefined,
        }),
      }),
    },
    {
      method: 'DELETE',
      pattern: /^\/__sim\/requests$/,
      handler: () => {
        ctx.log.clear();
        return { requests: [] };
      },
    },
    {
      method: 'POST',
      pattern: /^\/__sim\/reset$/,
      handler: () => {
        for (const p of platforms) p.reset();
        ctx.faults.clear();
        ctx.log.clear();
        return { reset: true };
      },
    },
    {
      method: 'GET',
      pattern: /^\/__sim\/pages$/,
      handler: ({ query, platform, hostOrg }) => {
        const p = platform(query.get('platform') ?? undefined);
        const { channel } = p.control.stream(
          query.get('org') ?? hostOrg ?? '',
          new URLSearchParams(),
        );
        return { count: ctx.sse.count(channel) };
      },
    },
    {
      method: 'GET',
      pattern: /^\/__sim\/stream$/,
      handler: ({ req, res, query, platform, hostOrg }) => {
        const p = platform(query.get('platform') ?? undefined);
        const { channel, replay } = p.control.stream(query.get('org') ?? hostOrg ?? '', query);
        ctx.sse.open(channel, req, res, replay);
        return undefined;
      },
    },
    {
      method: 'GET',
      pattern: /^\/__sim\/ui\/([a-z-]+)$/,
      handler: ({ params: [what = ''], query, platform, hostOrg }) =>
        platform(query.get('platform') ?? undefined).control.ui(
          what,
          query.get('org') ?? hostOrg ?? '',
          query,
        ),
    },
    // Platform-specific endpoints: /__sim/<platform id>/<path> (e.g. /__sim/kustomer/api-keys).
    ...(['GET', 'POST', 'PUT', 'DELETE'] as const).map(
      (method): Route => ({
        method,
        pattern: new RegExp(`^/__sim/(${platforms.map((p) => p.id).join('|')})/(.+)$`),
        handler: async ({ params: [id = '', path = ''], body, query }) => {
          const p = platformByName(id);
          const result = await p.control.route?.(method, path, body, query);
          if (result === undefined)
            throw new SimHttpError(404, `No sim endpoint ${method} /__sim/${id}/${path}`);
          return result;
        },
      }),
    ),
  ];

  return async function handleControl(
    req: IncomingMessage,
    res: ServerResponse,
    host: { platform: SimPlatform; match: HostMatch } | undefined,
  ): Promise<void> {
    const url = requestUrl(req);
    const method = (req.method ?? 'GET').toUpperCase();
    try {
      const matching = routes.filter((r) => r.pattern.test(url.pathname));
      if (matching.length === 0) {
        throw new SimHttpError(
          404,
          `No sim endpoint ${url.pathname}. See test/sim/README.md for the control API.`,
        );
      }
      const route = matching.find((r) => r.method === method);
      if (!route) {
        throw new SimHttpError(
          405,
          `${method} is not supported on ${url.pathname} (use ${matching.map((r) => r.method).join(', ')})`,
        );
      }
      const params = (route.pattern.exec(url.pathname) ?? [])
        .slice(1)
        .map((p) => decodeURIComponent(p));
      const result = await route.handler({
        req,
        res,
        query: url.searchParams,
        params,
        body: async () => parseJsonObject(await readBody(req)),
        platform: (name) => platformByName(name, host?.platform),
        hostOrg: host?.match.org || undefined,
      });
      if (result !== undefined) sendJson(res, 200, result);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof SimHttpError) sendJson(res, error.status, { error: error.message });
      else sendJson(res, 500, { error: `Sim failure: ${(error as Error).message}` });
    }
  };
}
