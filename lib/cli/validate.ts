/**
 * `handoff-fields validate <mappings.json> [--catalog <file>]...`: the file's shape (as import
 * checks it: all or nothing, every problem path-named), then the checks of validate-catalog.ts —
 * with a catalog, each mapping against its object's fields.
 */
import { parseMappingsFile } from '../mapping/file';
import { labelsIn } from '../mapping/naming';
import { checkMappings, problemLine } from '../mapping/validate-catalog';
import { count, loadCatalogs, type NamedText, parseJsonText } from './inputs';
import { type CommandResult, lines, unusable } from './result';

export interface ValidateInput {
  mappings: NamedText;
  catalogs: readonly NamedText[];
}

export function runValidate(input: ValidateInput): CommandResult {
  const name = input.mappings.name;
  const catalogs = loadCatalogs(input.catalogs);
  if (!catalogs.ok) {
    return unusable(
      catalogs.errors,
      'Give each --catalog the describe (Salesforce) or metadata (Kustomer) response as the platform returned it; see handoff-fields validate --help.',
    );
  }

  const json = parseJsonText(input.mappings);
  const parsed = json.ok ? parseMappingsFile(json.value, labelsIn(catalogs.value)) : json;
  if (!parsed.ok) {
    return {
      code: 1,
      stdout: lines(parsed.errors),
      stderr: lines([
        `${name}: ${count(parsed.errors.length, 'error')}; the file would be refused as a whole. Fix ${parsed.errors.length === 1 ? 'it' : 'them'} and run validate again.`,
      ]),
    };
  }

  const mappings = parsed.file.mappings;
  const check = checkMappings(mappings, catalogs.value);
  const errors = check.problems.filter((p) => p.severity === 'error');
  const warnings = check.problems.filter((p) => p.severity === 'warning');
  const notes = warnings.map((w) => `warning: ${problemLine(w)}`);
  if (catalogs.value.length > 0) {
    for (const u of check.unchecked) {
      notes.push(
        `note: ${count(u.count, 'mapping')} of ${u.platform} ${u.object} ${u.count === 1 ? 'was' : 'were'} not checked against fields: no --catalog for ${u.object}`,
      );
    }
  }

  if (errors.length > 0) {
    return {
      code: 1,
      stdout: lines(errors.map(problemLine)),
      stderr: lines([
        ...notes,
        `${name}: ${count(errors.length, 'error')}${warnings.length ? `, ${count(warnings.length, 'warning')}` : ''}. Fix the errors and run validate again.`,
      ]),
    };
  }
  const enabled = mappings.filter((m) => m.enabled).length;
  const against =
    catalogs.value.length > 0
      ? `checked against ${catalogs.value.map((c) => `${c.platform} ${c.object} (${count(c.fields.length, 'field')})`).join(', ')}`
      : 'not checked against fields (add --catalog <describe or metadata file>)';
  const summary = `${name}: valid, ${count(mappings.length, 'mapping')}${enabled < mappings.length ? ` (${enabled} enabled)` : ''}, ${against}${warnings.length ? `, ${count(warnings.length, 'warning')}` : ''}`;
  return { code: 0, stdout: lines([summary]), stderr: lines(notes) };
}
