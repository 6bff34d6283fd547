// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { OVERVIEW } from '@/lib/cli/args';
import { type Io, run } from '@/lib/cli/main';

/** `run` in-process, with files in memory: the edge cases, without a process each. */
async function runWith(argv: string[], files: Record<string, string | Error> = {}, stdin = '') {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    cwd: '/home/admin/config',
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    async readFile(path) {
      const file = files[path];
      if (file instanceof Error) throw file;
      if (file === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return file;
    },
    readStdin: async () => stdin,
    now: () => 0,
    writeFile: async () => {},
    fileIdentity: async () => undefined,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

const errno = (code: string) => Object.assign(new Error(code), { code });

describe('run (in-process)', () => {
  it('resolves paths against the current folder and names the file that cannot be read', async () => {
    expect(
      await runWith(['validate', 'm.json', '--catalog', '../case.json'], {
        '/home/admin/config/m.json': '{}',
      }),
    ).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: cannot read --catalog ../case.json: there is no such file (looked for /home/admin/case.json). Check the path (it is relative to the current folder).\n',
    });
  });

  it('a folder, or a file without permission', async () => {
    const folder = await runWith(['validate', 'm'], { '/home/admin/config/m': errno('EISDIR') });
    expect(folder.stderr).toBe(
      'error: cannot read the mappings file m: it is a folder, not a file. Check the path (it is relative to the current folder).\n',
    );
    const locked = await runWith(
      ['plan', '--mappings', 'm', '--catalog', 'c', '--context', 'x.txt'],
      {
        '/home/admin/config/m': '{}',
        '/home/admin/config/c': '{}',
        '/home/admin/config/x.txt': errno('EACCES'),
      },
    );
    expect(locked).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: cannot read --context x.txt: permission denied. Check the path (it is relative to the current folder).\n',
    });
  });

  it('--transcript: the file named as typed, or "stdin" for -', async () => {
    const plan = ['plan', '--mappings', 'm', '--catalog', 'c'];
    expect(
      await runWith([...plan, '--transcript', 'chats/t.json'], {
        '/home/admin/config/m': '{}',
        '/home/admin/config/c': '{}',
      }),
    ).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: cannot read --transcript chats/t.json: there is no such file (looked for /home/admin/config/chats/t.json). Check the path (it is relative to the current folder).\n',
    });
    const fromStdin = await runWith(
      [...plan, '--transcript', '-'],
      { '/home/admin/config/m': '{}', '/home/admin/config/c': '{}' },
      '{"author": "bot", "text": "hi"}',
    );
    expect(fromStdin.code).toBe(2);
    expect(fromStdin.stderr).toContain(
      'error: --transcript stdin: must be a JSON array of messages in posting order',
    );
    const empty = await runWith([...plan, '--transcript', '-'], {
      '/home/admin/config/m': '{}',
      '/home/admin/config/c': '{}',
    });
    expect(empty.stderr).toContain('error: stdin is empty\n');
  });

  it('usage errors: exit 2 and the pointer to --help', async () => {
    expect(await runWith(['validate', 'm.json', '--catalogue', 'c.json'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: validate: unknown option --catalogue\nRun handoff-fields --help for the commands and their options.\n',
    });
    expect((await runWith(['lint'])).code).toBe(2);
  });

  it('help: exit 0, on stdout', async () => {
    expect(await runWith([])).toEqual({ code: 0, stdout: `${OVERVIEW}\n`, stderr: '' });
  });
});
