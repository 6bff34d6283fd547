/** What a command hands back to main.ts, which alone writes to the terminal and sets the exit code. */
export interface CommandResult {
  /** 0 success; 1 `validate` found errors; 2 unusable arguments or files. */
  code: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

/** Lines joined with a final newline; nothing for no lines. */
export function lines(list: readonly string[]): string {
  return list.length > 0 ? `${list.join('\n')}\n` : '';
}

export function unusable(errors: readonly string[], advice: string): CommandResult {
  return { code: 2, stdout: '', stderr: lines([...errors.map((e) => `error: ${e}`), advice]) };
}
