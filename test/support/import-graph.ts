/**
 * The project's import graph, read with the TypeScript compiler (the same resolution `tsc` uses,
 * `@/` alias included): what the cycle test and the content-script boundary test walk. Type-only
 * imports count too — a cycle through types is still a cycle a reader has to untangle.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

export const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');

const config = ts.getParsedCommandLineOfConfigFile(
  resolve(ROOT, 'tsconfig.json'),
  {},
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
);
const options = config?.options ?? {};
const host = ts.createCompilerHost(options);

/**
 * A project file's imports: project files (relative to ROOT) and bare package names, each also
 * restricted to the imports that stay in the built code (`runtime…`: not `import type`, not an
 * import whose every name is a type) — what a bundle actually contains.
 */
export interface Imports {
  files: string[];
  packages: string[];
  runtimeFiles: string[];
  runtimePackages: string[];
}

const cache = new Map<string, Imports>();

export function importsOf(file: string): Imports {
  const known = cache.get(file);
  if (known) return known;
  const abs = resolve(ROOT, file);
  const result: Imports = { files: [], packages: [], runtimeFiles: [], runtimePackages: [] };
  for (const { specifier, typeOnly } of specifiersOf(abs)) {
    const resolved = ts.resolveModuleName(specifier, abs, options, host).resolvedModule;
    const path = resolved?.resolvedFileName;
    if (path && !resolved.isExternalLibraryImport && !path.includes('/node_modules/')) {
      const rel = relative(ROOT, path);
      if (rel.startsWith('.wxt/')) continue;
      result.files.push(rel);
      if (!typeOnly) result.runtimeFiles.push(rel);
    } else if (!specifier.startsWith('.')) {
      result.packages.push(packageName(specifier));
      if (!typeOnly) result.runtimePackages.push(packageName(specifier));
    }
  }
  cache.set(file, result);
  return result;
}

/** The module specifiers a file names in imports, re-exports and `import()`, each with whether only types come through it. */
function specifiersOf(abs: string): { specifier: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(abs, readFileSync(abs, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: importIsTypeOnly(node) });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause);
      const typeOnly =
        node.isTypeOnly ||
        (named &&
          (node.exportClause as ts.NamedExports).elements.length > 0 &&
          (node.exportClause as ts.NamedExports).elements.every((e) => e.isTypeOnly));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: Boolean(typeOnly) });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function importIsTypeOnly(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // `import './x'` runs the module
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return (
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((e) => e.isTypeOnly)
  );
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

/**
 * Every file reachable from `entries`, each with the chain of imports that reached it first;
 * through runtime imports only when `runtime` (what the built bundle holds).
 */
export function reachableFrom(entries: string[], runtime = false): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const queue = entries.map((e) => [e]);
  for (const e of entries) seen.set(e, [e]);
  while (queue.length > 0) {
    const chain = queue.shift() as string[];
    const imports = importsOf(chain.at(-1) as string);
    for (const next of runtime ? imports.runtimeFiles : imports.files) {
      if (seen.has(next)) continue;
      const longer = [...chain, next];
      seen.set(next, longer);
      queue.push(longer);
    }
  }
  return seen;
}

/** A file's imports, type-only ones included: the edges the cycle search follows by default. */
export type Edges = (file: string) => readonly string[];
const allImports: Edges = (file) => importsOf(file).files;

/**
 * The import cycles among `files` (Tarjan's strongly connected components of more than one file,
 * or a file importing itself), each sorted, largest first. `edges`: another graph than the
 * project's (the cycle test's self-check runs it on a made-up one).
 */
export function importCycles(files: string[], edges: Edges = allImports): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || edges(v).includes(v)) cycles.push(component.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return cycles.sort((a, b) => b.length - a.length);
}

/**
 * One loop through a cycle's files, as the imports go: `a → b → c → a`, starting at its first file
 * (the shortest such loop), so a failure shows which imports to cut and not only which files.
 */
export function cycleLoop(cycle: readonly string[], edges: Edges = allImports): string[] {
  const start = cycle[0] as string;
  const inCycle = new Set(cycle);
  const from = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift() as string;
    for (const w of edges(v)) {
      if (!inCycle.has(w)) continue;
      if (w === start) {
        const loop = [start];
        for (let u: string | undefined = v; u !== undefined && u !== start; u = from.get(u)) {
          loop.splice(1, 0, u);
        }
        return [...loop, start];
      }
      if (!from.has(w)) {
        from.set(w, v);
        queue.push(w);
      }
    }
  }
  return [...cycle];
}
