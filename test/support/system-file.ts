/**
 * A file a test places where a program reads its system configuration (a browser's policy file),
 * and takes away again: the folders it had to create are removed, and a file that was there before
 * is put back as it was, so a machine's own configuration survives the test.
 */
import { chmod, mkdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface PlacedFile {
  path: string;
  /** Puts back what was there before (the old file, or nothing). Safe to call more than once. */
  restore(): Promise<void>;
}

export async function placeSystemFile(path: string, text: string): Promise<PlacedFile> {
  const folder = dirname(path);
  const before = await readFile(path).catch(() => undefined);
  const mode = before === undefined ? undefined : (await stat(path)).mode;
  // mkdir answers the first folder it made: every folder from it down to `folder` is ours.
  const first = await mkdir(folder, { recursive: true });
  const created: string[] = [];
  if (first)
    for (let dir = folder; dir.length >= first.length; dir = join(dir, '..')) created.push(dir);
  let restored: Promise<void> | undefined;
  const restore = () => {
    restored ??= (async () => {
      if (before === undefined) await rm(path, { force: true });
      else {
        await writeFile(path, before);
        if (mode !== undefined) await chmod(path, mode);
      }
      for (const dir of created) await rmdir(dir).catch(() => undefined);
    })();
    return restored;
  };
  try {
    await writeFile(path, text);
  } catch (error) {
    await restore();
    throw error;
  }
  return { path, restore };
}
