#!/usr/bin/env node
// The `handoff-fields` command of a checkout (`npx handoff-fields …`): runs lib/cli/main.ts through
// tsx, a devDependency, so the CLI is the extension's own TypeScript with no build step. The caller's
// current folder is kept: file paths on the command line are relative to it.
import { tsImport } from 'tsx/esm/api';

// tsconfig: false — lib/ uses relative imports only, and the caller's folder may hold any tsconfig.
const { run } = await tsImport('../lib/cli/main.ts', {
  parentURL: import.meta.url,
  tsconfig: false,
});
process.exitCode = await run(process.argv.slice(2));
