import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { projectRoot } from '../src/project-root';

const SRC = path.join(projectRoot(), 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}

/** The modules of src/ that `file` loads when it runs: imports that are not type-only, and import(). */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const onlyTypes =
        clause?.isTypeOnly ||
        (clause &&
          !clause.name &&
          named &&
          ts.isNamedImports(named) &&
          named.elements.every((e) => e.isTypeOnly));
      if (!onlyTypes) specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers
    .filter((s) => s.startsWith('.'))
    .map((s) => path.join(path.dirname(file), s))
    .map((base) => [`${base}.ts`, path.join(base, 'index.ts')].find((f) => existsSync(f)))
    .filter((f): f is string => f !== undefined);
}

describe('the modules of src/', () => {
  const graph = new Map(sourceFiles(SRC).map((file) => [file, runtimeImports(file)]));
  const name = (file: string) => path.relative(SRC, file);

  it('load each other without a cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string): void => {
      state.set(file, 'visiting');
      stack.push(file);
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'visiting')
          cycles.push([...stack.slice(stack.indexOf(next)), next].map(name).join(' → '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it('keep local mode out of the server: the entry module picks it', () => {
    const reached = (from: string): string[] => {
      const seen = new Set<string>();
      const visit = (file: string): void => {
        for (const next of graph.get(file) ?? []) {
          if (!seen.has(next)) {
            seen.add(next);
            visit(next);
          }
        }
      };
      visit(path.join(SRC, from));
      return [...seen].map(name);
    };
    expect(reached('server.ts').filter((file) => file.startsWith('local/'))).toEqual([]);
    expect(reached('main.ts')).toEqual(expect.arrayContaining(['server.ts', 'local/run-local.ts']));
  });
});
