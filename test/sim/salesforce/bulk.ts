/**
 * `POST /__sim/salesforce/cases` `{org, cases: [{createdDate?, values?, session?}]}` →
 * `{org, cases: [{id, caseNumber, sessionId?}]}`: new Cases (numbered 2000 + the org's count of Cases: 00002004 first in acme), each with a
 * MessagingSession and its Conversation unless `session: false` — the records the audit's tests
 * read by the hundred. Values are set as given, without validation (as `PUT /__sim/records`).
 */
import { SimHttpError } from '../http';
import type { Json } from '../platform';
import type { Values } from './objects';
import { addCase, type NewCase, type OrgState } from './store';

const MAX_CASES = 1000;

export async function casesRoute(
  method: string,
  path: string,
  body: () => Promise<Json>,
  orgOf: (handle: unknown) => OrgState,
): Promise<Json | undefined> {
  if (path !== 'cases' || method !== 'POST') return undefined;
  const b = await body();
  const org = orgOf(b.org);
  if (!Array.isArray(b.cases) || b.cases.length > MAX_CASES)
    throw new SimHttpError(400, `"cases" must be an array of at most ${MAX_CASES}`);
  const made = b.cases.map((c) => {
    try {
      return addCase(org, newCase(c));
    } catch (error) {
      throw new SimHttpError(400, error instanceof Error ? error.message : String(error));
    }
  });
  return { org: org.handle, cases: made };
}

function newCase(raw: unknown): NewCase {
  const c = (raw ?? {}) as Record<string, unknown>;
  const object = (v: unknown, name: string): Values | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      throw new SimHttpError(400, `"${name}" must be an object`);
    return v as Values;
  };
  const session = c.session as Record<string, unknown> | false | undefined;
  return {
    ...(typeof c.createdDate === 'string' ? { createdDate: c.createdDate } : {}),
    ...(c.values !== undefined ? { values: object(c.values, 'values') } : {}),
    ...(session === false
      ? { session: false as const }
      : session
        ? {
            session: {
              ...(session.values !== undefined
                ? { values: object(session.values, 'session.values') }
                : {}),
              ...(typeof session.createdDate === 'string'
                ? { createdDate: session.createdDate }
                : {}),
            },
          }
        : {}),
  };
}
