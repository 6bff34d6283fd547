/** The log of platform API requests, so tests can count and inspect what the extension sent. */

/** Who an authenticated request acted as (no credential: ids and how it authenticated). */
export interface RequestActor {
  userId: string;
  username: string;
  /** `session`: the browser's cookie session; `oauth`: an OAuth access token. */
  via: 'session' | 'oauth';
}

export interface LoggedRequest {
  id: number;
  platform: string;
  org: string;
  method: string;
  /** Path and query, as requested. */
  path: string;
  /** The HTTP status answered; 0 while pending or when the connection was dropped. */
  status: number;
  /** The request body parsed as JSON, the raw text when it is not JSON, or null when empty. */
  body: unknown;
  /** ISO time the request arrived. */
  time: string;
  /** The fault injected into this request, if any. */
  fault?: string;
  /** A few request headers worth checking (no credentials). */
  headers: { accept?: string; contentType?: string; callOptions?: string };
  /** The user the request acted as, once authenticated (Salesforce REST and userinfo). */
  actor?: RequestActor;
}

export interface RequestFilter {
  platform?: string;
  org?: string;
  method?: string;
}

/** Most entries kept (older ones are dropped first). */
const MAX_ENTRIES = 5000;

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private nextId = 1;

  add(entry: Omit<LoggedRequest, 'id' | 'status'>): LoggedRequest {
    const logged: LoggedRequest = { ...entry, id: this.nextId++, status: 0 };
    this.entries.push(logged);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
    return logged;
  }

  list(filter: RequestFilter = {}): LoggedRequest[] {
    return this.entries
      .filter(
        (e) =>
          (filter.platform === undefined || e.platform === filter.platform) &&
          (filter.org === undefined || e.org === filter.org) &&
          (filter.method === undefined || e.method === filter.method.toUpperCase()),
      )
      .map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
  }
}
