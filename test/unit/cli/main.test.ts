// @vitest-environment node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { OVERVIEW, PLAN_HELP } from '@/lib/cli/args';
import { mappingsJsonSchemaText } from '@/lib/mapping/json-schema';
import { CLI_TIMEOUT, cli, ROOT, removeWorkspaces, run, workspace } from './run-cli';

afterAll(removeWorkspaces);

const VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

describe.concurrent('the handoff-fields command (spawned)', { timeout: CLI_TIMEOUT }, () => {
  it('npx handoff-fields --help works from the repository root', async ({ expect }) => {
    const r = await run('npx', ['--no-install', 'handoff-fields', '--help'], { cwd: ROOT });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${OVERVIEW}\n`);
  });

  it('runs from any folder: --version, plan --help, schema', async ({ expect }) => {
    const cwd = workspace();
    const [version, help, schema] = await Promise.all([
      cli(['--version'], { cwd }),
      cli(['plan', '--help'], { cwd }),
      cli(['schema'], { cwd }),
    ]);
    expect(version).toEqual({ code: 0, stdout: `handoff-fields ${VERSION}\n`, stderr: '' });
    expect(help).toEqual({ code: 0, stdout: `${PLAN_HELP}\n`, stderr: '' });
    expect(schema).toEqual({ code: 0, stdout: mappingsJsonSchemaText(), stderr: '' });
  });
});
