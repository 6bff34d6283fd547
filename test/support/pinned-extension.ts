/**
 * A copy of the built extension whose Chromium id is known before the browser starts: what a test
 * of the enterprise policy needs, since Chromium reads `3rdparty.extensions.<id>` from the policy
 * files at start. The id of an unpacked extension comes from its manifest `key` (else from its
 * folder's path); the shipped build carries no key (the Chrome Web Store, or the key a CRX is
 * packed with, gives its id), so the copy gets a fresh one, and with it an id no other test uses.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTENSION_DIR } from './chromium';

export interface PinnedExtension {
  dir: string;
  /** The Chromium extension id the manifest key gives. */
  id: string;
  remove(): Promise<void>;
}

/** Chromium's id for a public key: the first 128 bits of its SHA-256, each hex digit 0–f as a–p. */
export function extensionIdOf(publicKeyDer: Buffer): string {
  const hex = createHash('sha256').update(publicKeyDer).digest('hex').slice(0, 32);
  return [...hex].map((d) => String.fromCharCode(97 + Number.parseInt(d, 16))).join('');
}

export async function pinnedExtension(): Promise<PinnedExtension> {
  const dir = await mkdtemp(join(tmpdir(), 'handoff-fields-pinned-'));
  await cp(EXTENSION_DIR, dir, { recursive: true });
  const der = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
    type: 'spki',
    format: 'der',
  });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  await writeFile(manifestPath, JSON.stringify({ ...manifest, key: der.toString('base64') }));
  return { dir, id: extensionIdOf(der), remove: () => rm(dir, { recursive: true, force: true }) };
}
