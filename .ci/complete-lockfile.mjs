// The registry this project is built against lacks most non-linux-x64 platform binaries (biome,
// rollup): `npm install` then leaves them out of package-lock.json and `npm ci` refuses the lock.
// This adds the missing optional entries with the os/cpu/libc their names state, as a lock written
// with the full registry would have them, so that `npm ci` installs exactly the locked tree.
// Run after any `npm install` that changes the lock: `node .ci/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const OSES = [
  'darwin',
  'win32',
  'linux',
  'android',
  'freebsd',
  'openbsd',
  'netbsd',
  'sunos',
  'aix',
  'openharmony',
];
const CPUS = ['arm64', 'x64', 'ia32', 'arm', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el'];

let added = 0;
for (const [where, entry] of Object.entries(lock.packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const hoisted = `node_modules/${name}`;
    if (lock.packages[`${where ? `${where}/` : ''}node_modules/${name}`] || lock.packages[hoisted])
      continue;
    const parts = name.split('/').pop().split('-');
    const platform = { version: spec.replace(/^[\^~=]/, ''), optional: true };
    const os = OSES.find((o) => parts.includes(o));
    const cpu = CPUS.find((c) => parts.includes(c));
    if (os) platform.os = [os];
    if (cpu) platform.cpu = [cpu];
    if (parts.includes('musl') || parts.includes('musleabihf')) platform.libc = ['musl'];
    if (parts.includes('gnu') || parts.includes('gnueabihf')) platform.libc = ['glibc'];
    lock.packages[hoisted] = platform;
    added++;
  }
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} missing optional platform entries added`);
