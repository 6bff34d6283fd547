/**
 * How long each function of a file is, in the lines a reader has to hold in mind: its lines minus
 * those of JSX markup (markup reads as a picture of the page, not as steps), blank lines and
 * comment-only lines. The measure is strict: a function nested in another (a method of a factory's
 * object, a closure, a helper inside a component) counts in its parent's lines, and is measured on
 * its own as well; so a factory is judged by everything written inside it, and each of its methods
 * by its own lines. JSX lines stay out at every depth, handlers written inline in the markup with
 * them: a reader takes the markup in as a whole.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';

export interface FunctionLength {
  name: string;
  /** 1-based line where the function starts. */
  line: number;
  lines: number;
}

export function functionLengths(path: string): FunctionLength[] {
  const text = readFileSync(path, 'utf8');
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kindOf(path));
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
  const found: FunctionLength[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunction(node) && node.body) {
      const skipped = new Set<number>();
      // JSX lines are markup, wherever they are; nested functions' other lines count here too.
      const mark = (inner: ts.Node): void => {
        if (isJsx(inner)) {
          for (let l = lineOf(inner.getStart(source)); l <= lineOf(inner.getEnd()); l++)
            skipped.add(l);
          return;
        }
        ts.forEachChild(inner, mark);
      };
      ts.forEachChild(node, mark);
      const first = lineOf(node.getStart(source));
      const last = lineOf(node.getEnd());
      const lines = text.split('\n');
      let count = 0;
      for (let l = first; l <= last; l++) {
        const code = (lines[l] ?? '').trim();
        if (skipped.has(l) && l !== first && l !== last) continue;
        if (code === '' || code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')) {
          continue;
        }
        count++;
      }
      found.push({ name: nameOf(node, source), line: first + 1, lines: count });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

type FunctionNode =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration
  | ts.ConstructorDeclaration;

function isFunction(node: ts.Node): node is FunctionNode {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node) ||
    ts.isConstructorDeclaration(node)
  );
}

function isJsx(node: ts.Node): boolean {
  return ts.isJsxElement(node) || ts.isJsxFragment(node) || ts.isJsxSelfClosingElement(node);
}

function nameOf(node: FunctionNode, source: ts.SourceFile): string {
  if (node.name) return node.name.getText(source);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) {
    return parent.name.getText(source);
  }
  if (ts.isCallExpression(parent))
    return `(callback of ${parent.expression.getText(source).slice(0, 40)})`;
  return '(anonymous)';
}

function kindOf(path: string): ts.ScriptKind {
  return path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
}
