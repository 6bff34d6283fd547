/** The real captured Kustomer responses (DESIGN §7), read straight from the shared folder. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// happy-dom gives test modules an http: import.meta.url, so the path is built from this file's folder.
export const REAL_FIXTURES = resolve(__dirname, '../../../../../shared/fixtures/real');

export function realFixture(name: string): unknown {
  return JSON.parse(readFileSync(resolve(REAL_FIXTURES, name), 'utf8'));
}
