/**
 * The CLI's entry: arguments → files read → a command → stdout, stderr and the exit code. The only
 * place that touches the terminal, the file system and the clock; the commands themselves are pure.
 *
 * Run from a checkout as `npx handoff-fields …` (bin/handoff-fields.mjs loads this file through tsx)
 * or `npm run cli -- …`. Paths are resolved against the caller's current folder.
 */
import { readFile, realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Command, helpText, parseCliArgs } from './args';
import type { NamedText } from './inputs';
import type { CommandResult } from './result';

export interface Io {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
  now(): number;
}

/** Runs one command line; resolves to the exit code. */
export async function run(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const args = parseCliArgs(argv);
  if (!args.ok) {
    io.stderr(
      `error: ${args.error}\nRun handoff-fields --help for the commands and their options.\n`,
    );
    return 2;
  }
  let result: CommandResult;
  try {
    result = await execute(args.command, io);
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    result = { code: 2, stdout: '', stderr: `error: ${error.message}\n` };
  }
  if (result.stdout) io.stdout(result.stdout);
  if (result.stderr) io.stderr(result.stderr);
  return result.code;
}

async function execute(command: Command, io: Io): Promise<CommandResult> {
  switch (command.kind) {
    case 'help':
      return { code: 0, stdout: `${helpText(command.topic)}\n`, stderr: '' };
    case 'version':
      return { code: 0, stdout: `handoff-fields ${await version()}\n`, stderr: '' };
    // Each command loads its own code: `--help` stays quick.
    case 'schema': {
      const { mappingsJsonSchemaText } = await import('../mapping/json-schema');
      return { code: 0, stdout: mappingsJsonSchemaText(), stderr: '' };
    }
    case 'validate': {
      const { runValidate } = await import('./validate');
      return runValidate({
        mappings: await read(io, command.mappings, 'the mappings file'),
        catalogs: await readAll(io, command.catalogs, '--catalog'),
      });
    }
    case 'plan': {
      const { runPlan } = await import('./plan-command');
      // Read in the order of the usage line: the first unreadable file is the one reported.
      const mappings = await read(io, command.mappings, '--mappings');
      const catalogs = await readAll(io, command.catalogs, '--catalog');
      const message =
        'transcript' in command
          ? {
              transcript:
                command.transcript === '-'
                  ? { name: 'stdin', text: await io.readStdin() }
                  : await read(io, command.transcript, '--transcript'),
            }
          : {
              context:
                command.context === '-'
                  ? await io.readStdin()
                  : (await read(io, command.context, '--context')).text,
              author: command.author,
            };
      return runPlan({
        mappings,
        catalogs,
        ...message,
        settings: command.settings ? await read(io, command.settings, '--settings') : undefined,
        current: command.current ? await read(io, command.current, '--current') : undefined,
        conversation: command.conversation,
        now: command.now ?? io.now(),
      });
    }
  }
}

class UnreadableFile extends Error {}

async function read(io: Io, path: string, what: string): Promise<NamedText> {
  const full = resolve(io.cwd, path);
  try {
    return { name: path, text: await io.readFile(full) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? `there is no such file (looked for ${full})`
        : code === 'EISDIR'
          ? 'it is a folder, not a file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : (error as Error).message;
    throw new UnreadableFile(
      `cannot read ${what} ${path}: ${why}. Check the path (it is relative to the current folder).`,
    );
  }
}

async function readAll(io: Io, paths: readonly string[], what: string): Promise<NamedText[]> {
  const out: NamedText[] = [];
  for (const p of paths) out.push(await read(io, p, what));
  return out;
}

async function version(): Promise<string> {
  const pkg = JSON.parse(
    await readFile(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'),
  ) as { version?: string };
  return pkg.version ?? 'unknown';
}

export function processIo(): Io {
  return {
    // `npm run cli -- …` runs in the package root; the caller's folder is then INIT_CWD.
    cwd:
      process.env.npm_lifecycle_event === 'cli' && process.env.INIT_CWD
        ? process.env.INIT_CWD
        : process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (path) => readFile(path, 'utf8'),
    async readStdin() {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    now: () => Date.now(),
  };
}

/** `node --import tsx lib/cli/main.ts …` (npm run cli): run when this file is the program itself. */
async function isMain(): Promise<boolean> {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return pathToFileURL(await realpath(entry)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (await isMain()) {
  process.exitCode = await run(process.argv.slice(2));
}
