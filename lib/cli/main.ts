/**
 * The CLI's entry: arguments → files read → a command → stdout, stderr and the exit code. The only
 * place that touches the terminal, the file system and the clock; the commands themselves are pure.
 *
 * Run from a checkout as `npx handoff-fields …` (bin/handoff-fields.mjs loads this file through tsx)
 * or `npm run cli -- …`. Paths are resolved against the caller's current folder.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Command, helpText, type JournalMergeCommand, parseCliArgs } from './args';
import type { NamedText } from './inputs';
import type { CommandResult } from './result';

/** A journal export larger than this is not read (lib/journal/file-schema.ts says the same). */
const MAX_JOURNAL_BYTES = 200 * 1024 * 1024;

export interface Io {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** The file's text; with `maxBytes`, a larger file is refused (code EFBIG) before it is read. */
  readFile(path: string, maxBytes?: number): Promise<string>;
  readStdin(): Promise<string>;
  now(): number;
  /** Writes the file whole or not at all: a temporary file beside it, then renamed over it. */
  writeFile(path: string, chunks: Iterable<string>): Promise<void>;
  /** What names the same file under two paths (device and inode); undefined when there is none. */
  fileIdentity(path: string): Promise<string | undefined>;
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
    case 'journal-merge':
      return journalMerge(command, io);
  }
}

/** Reads the exports, refuses an output that is one of them, merges, then writes each output. */
async function journalMerge(command: JournalMergeCommand, io: Io): Promise<CommandResult> {
  const { runJournalMerge } = await import('./journal-merge');
  const clash = await outputClash(command, io);
  if (clash) return { code: 2, stdout: '', stderr: `error: ${clash}\n` };
  const files = await readAll(io, command.files, 'the journal export', MAX_JOURNAL_BYTES);
  const result = await runJournalMerge({ ...command, files, now: io.now() });
  const done: string[] = [];
  for (const w of result.writes) {
    try {
      await io.writeFile(resolve(io.cwd, w.path), w.chunks);
    } catch (error) {
      const kept = done.length > 0 ? ` (${done.join('; ')})` : '';
      return {
        code: 2,
        stdout: result.stdout,
        stderr: `${result.stderr}error: cannot write ${w.option} ${w.path}: ${(error as Error).message}. Nothing of it was written${kept}; check the folder and run the merge again.\n`,
      };
    }
    done.push(w.written());
  }
  return { ...result, stderr: result.stderr + done.map((d) => `${d}\n`).join('') };
}

/** An output that is one of the exports (by path or as the same file), or both outputs one file. */
async function outputClash(command: JournalMergeCommand, io: Io): Promise<string | undefined> {
  const outputs = [
    ...(command.out !== undefined ? [{ option: '--out', path: command.out }] : []),
    ...(command.csv !== undefined ? [{ option: '--csv', path: command.csv }] : []),
  ];
  const full = (p: string) => resolve(io.cwd, p);
  if (outputs.length === 2 && full(command.out as string) === full(command.csv as string)) {
    return `--out and --csv name the same file (${command.out}): give each its own`;
  }
  const inputs = new Map<string, string>();
  for (const input of command.files) {
    if ([...inputs.values()].includes(full(input)))
      return `${input} is given twice: give each export once`;
    inputs.set(input, full(input));
  }
  for (const { option, path } of outputs) {
    const id = await io.fileIdentity(full(path));
    for (const [input, inputPath] of inputs) {
      if (
        full(path) === inputPath ||
        (id !== undefined && id === (await io.fileIdentity(inputPath)))
      ) {
        return `${option} ${path} is the export ${input}: a merge never writes over one of its inputs; name a new file`;
      }
    }
  }
  return undefined;
}

class UnreadableFile extends Error {}

async function read(io: Io, path: string, what: string, maxBytes?: number): Promise<NamedText> {
  const full = resolve(io.cwd, path);
  try {
    return { name: path, text: await io.readFile(full, maxBytes) };
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
    // Too large: the path is right, the advice is in `why`.
    const hint = code === 'EFBIG' ? '' : ' Check the path (it is relative to the current folder).';
    throw new UnreadableFile(`cannot read ${what} ${path}: ${why}.${hint}`);
  }
}

async function readAll(
  io: Io,
  paths: readonly string[],
  what: string,
  maxBytes?: number,
): Promise<NamedText[]> {
  const out: NamedText[] = [];
  for (const p of paths) out.push(await read(io, p, what, maxBytes));
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
    async readFile(path, maxBytes) {
      if (maxBytes !== undefined) {
        const size = (await stat(path)).size;
        if (size > maxBytes) {
          throw Object.assign(
            new Error(
              `it is ${megabytes(size)}, more than the ${megabytes(maxBytes)} one file may be: export a shorter date range`,
            ),
            { code: 'EFBIG' },
          );
        }
      }
      return readFile(path, 'utf8');
    },
    async readStdin() {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    now: () => Date.now(),
    writeFile: writeWhole,
    async fileIdentity(path) {
      try {
        const s = await stat(path);
        return `${s.dev}:${s.ino}`;
      } catch {
        return undefined;
      }
    },
  };
}

const megabytes = (bytes: number) => `${Math.ceil(bytes / (1024 * 1024))} MB`;

/** A temporary file in the same folder (so the rename is atomic), flushed, then renamed over `path`. */
async function writeWhole(path: string, chunks: Iterable<string>): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await writeFile(handle, chunks);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
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
