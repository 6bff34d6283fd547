/**
 * Where the Settings section shows a problem: next to the control its path names (the longest
 * control path it is within), or in the summary when no control is about it (`format`, a refusal
 * the background worded). Every control of the form is listed here by path, so the placing and
 * the form cannot drift apart.
 */
import type { SettingsProblem } from '../../lib/settings/schema';
import type { SettingsDraft } from './settings-draft';

/** Whether `path` is `parent` or under it (`a.b[2]` is under `a.b`, `a.bc` is not). */
export function within(path: string, parent: string): boolean {
  if (parent === '') return true;
  if (!path.startsWith(parent)) return false;
  const next = path[parent.length];
  return next === undefined || next === '.' || next === '[';
}

/** The path of every control the form shows for this draft. */
export function controlPaths(draft: SettingsDraft): string[] {
  const paths = [
    'trust.policy',
    'trust.audiences',
    'trust.issuers',
    'trust.maxAgeSeconds',
    'trust.clockSkewSeconds',
    'writeMode',
    'redaction',
    'retentionDays',
    'postMessageOrigins',
    'kustomerBotApps',
    'recordFieldSources',
    'salesforceOAuth',
    'salesforceOAuth.mode',
    'salesforceOAuth.apps',
  ];
  draft.issuers.forEach((_, i) => {
    paths.push(`trust.issuers[${i}].iss`, `trust.issuers[${i}].keys`);
  });
  draft.recordFieldSources.forEach((_, i) => {
    // A problem of the whole row (listed twice) is shown at its field.
    paths.push(`recordFieldSources[${i}]`, `recordFieldSources[${i}].object`);
    paths.push(`recordFieldSources[${i}].platform`, `recordFieldSources[${i}].acceptUnsigned`);
  });
  draft.salesforceOAuth.apps.forEach((_, i) => {
    paths.push(`salesforceOAuth.apps[${i}].org`, `salesforceOAuth.apps[${i}].consumerKey`);
  });
  for (const [platform, profile] of Object.entries(draft.transcriptProfiles)) {
    paths.push(`transcriptProfiles.${platform}.botNames`);
    for (const key of Object.keys(profile.values)) {
      paths.push(`transcriptProfiles.${platform}.values.${key}`);
    }
  }
  return paths;
}

/** The control a path is about, or null (the summary shows it). */
export function controlOf(path: string, paths: readonly string[]): string | null {
  let best: string | null = null;
  for (const candidate of paths) {
    if (within(path, candidate) && (best === null || candidate.length > best.length)) {
      best = candidate;
    }
  }
  // The field of a source row stands for the row.
  return best && /^recordFieldSources\[\d+\]$/.test(best) ? `${best}.field` : best;
}

/** Problems by control path, and those no control is about. */
export function placeProblems(
  problems: readonly SettingsProblem[],
  paths: readonly string[],
): { byControl: Map<string, SettingsProblem[]>; unplaced: SettingsProblem[] } {
  const byControl = new Map<string, SettingsProblem[]>();
  const unplaced: SettingsProblem[] = [];
  for (const problem of problems) {
    const control = controlOf(problem.path, paths);
    if (control === null) unplaced.push(problem);
    else byControl.set(control, [...(byControl.get(control) ?? []), problem]);
  }
  return { byControl, unplaced };
}

/** The words shown next to a control: the message, and the rest of the path when it is deeper. */
export const textAt = (control: string, problem: SettingsProblem): string =>
  problem.path === control ||
  (control.endsWith('.field') && problem.path === control.slice(0, -'.field'.length))
    ? problem.message
    : `${problem.path}: ${problem.message}`;

/** An element id for a control path (`trust.issuers[0].keys` → `settings-trust-issuers-0--keys`). */
export const controlId = (path: string): string =>
  `settings-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/**
 * The background's refusal of a save, one path-named problem a line after its first sentence
 * (lib/background/settings.ts), back into problems.
 */
export function problemsFromRefusal(message: string): SettingsProblem[] {
  const [, ...rest] = message.split('\n');
  const lines = rest.length > 0 ? rest : [message];
  return lines.map((line) => {
    const match = /^([A-Za-z_$][\w$]*(?:\.[\w$-]+|\[\d+\])*): ([\s\S]*)$/.exec(line);
    return match
      ? { path: match[1] as string, message: match[2] as string }
      : { path: '', message: line };
  });
}
