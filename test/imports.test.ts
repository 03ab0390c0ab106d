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

/** The modules of src/ that `file` names in any way: imports (type-only too), re-exports, import() and require(). */
function allImports(file: string, text = readFileSync(file, 'utf8')): string[] {
  return resolveAll(
    file,
    ts.preProcessFile(text, true, true).importedFiles.map((i) => i.fileName),
  );
}

function resolveAll(file: string, specifiers: readonly string[]): string[] {
  return specifiers
    .filter((s) => s.startsWith('.'))
    .map((s) => path.join(path.dirname(file), s))
    .map((base) => [`${base}.ts`, path.join(base, 'index.ts')].find((f) => existsSync(f)))
    .filter((f): f is string => f !== undefined);
}

/** Each circle of `graph` once, as `a → b → a`, found by a depth-first walk. */
function circles<T>(graph: ReadonlyMap<T, readonly T[]>, name: (node: T) => string): string[] {
  const found: string[] = [];
  const state = new Map<T, 'visiting' | 'done'>();
  const stack: T[] = [];
  const visit = (node: T): void => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'visiting')
        found.push([...stack.slice(stack.indexOf(next)), next].map(name).join(' → '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

/**
 * The part of the application a module of src/ belongs to (docs/architecture.md): the
 * configuration (`config.ts` and the settings module beside each feature, `*-settings.ts`), the
 * folder right under src/, or, for another file at the top, that file.
 */
function partOf(file: string): string {
  const relative = path.relative(SRC, file).split(path.sep);
  const base = relative[relative.length - 1] as string;
  if (base === 'config.ts' || base.endsWith('-settings.ts')) return 'config';
  return relative.length > 1 ? (relative[0] as string) : base.replace(/\.ts$/, '');
}

describe('the modules of src/', () => {
  const graph = new Map(sourceFiles(SRC).map((file) => [file, runtimeImports(file)]));
  const everyImport = new Map(sourceFiles(SRC).map((file) => [file, allImports(file)]));
  const name = (file: string) => path.relative(SRC, file);

  it('load each other without a cycle', () => {
    expect(circles(graph, name)).toEqual([]);
  });

  it('name each other without a cycle, type-only imports and re-exports included', () => {
    expect(circles(everyImport, name)).toEqual([]);
  });

  it('form parts (folders, the configuration, the files at the top) that import each other without a cycle', () => {
    const parts = new Map<string, Set<string>>();
    const because = new Map<string, string>();
    for (const [file, imports] of everyImport) {
      const from = partOf(file);
      for (const target of imports) {
        const to = partOf(target);
        if (to === from) continue;
        parts.set(from, (parts.get(from) ?? new Set()).add(to));
        because.set(`${from} → ${to}`, `${name(file)} → ${name(target)}`);
      }
    }
    const found = circles(new Map([...parts].map(([part, to]) => [part, [...to]])), (part) => part);
    // Each circle with one import of each of its steps, to say where to cut it.
    const explained = found.map((circle) => {
      const steps = circle.split(' → ');
      return `${circle} (${steps
        .slice(1)
        .map((to, i) => because.get(`${steps[i]} → ${to}`))
        .join(', ')})`;
    });
    expect(explained).toEqual([]);
    expect(parts.get('chat')).toEqual(expect.any(Set));
  });

  it('keep the configuration free of feature code: settings modules import only the configuration and the domain', () => {
    const reaching = [...everyImport]
      .filter(([file]) => partOf(file) === 'config')
      .flatMap(([file, imports]) =>
        imports
          .filter((target) => !['config', 'domain'].includes(partOf(target)))
          .map((target) => `${name(file)} → ${name(target)}`),
      );
    expect(reaching).toEqual([]);
    expect([...everyImport.keys()].filter((file) => partOf(file) === 'config').length).toBeGreaterThan(5);
  });

  it("keep local mode out of the server and its entry: only local mode's own entry reaches it", () => {
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
    const local = (file: string) => file.startsWith('local/');
    expect(reached('server.ts').filter(local)).toEqual([]);
    expect(reached('main.ts')).toEqual(expect.arrayContaining(['server.ts']));
    expect(reached('main.ts').filter(local)).toEqual([]);
    expect(reached('local/main.ts')).toEqual(
      expect.arrayContaining(['main.ts', 'server.ts', 'local/run-local.ts']),
    );
  });

  it('name local mode only from local mode: the production build leaves src/local/ out', () => {
    const naming = [...everyImport]
      .filter(([file]) => !name(file).startsWith('local/'))
      .flatMap(([file, imports]) =>
        imports
          .filter((target) => name(target).startsWith('local/'))
          .map((target) => `${name(file)} → ${name(target)}`),
      );
    expect(naming).toEqual([]);
  });
});

describe('the circle check itself', () => {
  it('finds a circle made of type-only imports and re-exports', () => {
    const a = path.join(SRC, 'domain', 'escalation.ts');
    const b = path.join(SRC, 'domain', 'reminders.ts');
    expect(allImports(a, "import type { DueReminder } from './reminders';")).toEqual([b]);
    expect(allImports(b, "export type { EscalationRung } from './escalation';")).toEqual([a]);
    const graph = new Map([
      [a, [b]],
      [b, [a]],
    ]);
    expect(circles(graph, (file) => path.relative(SRC, file))).toEqual([
      'domain/escalation.ts → domain/reminders.ts → domain/escalation.ts',
    ]);
  });

  it('counts config.ts and the settings modules as the configuration', () => {
    expect(partOf(path.join(SRC, 'config.ts'))).toBe('config');
    expect(partOf(path.join(SRC, 'mail', 'mail-settings.ts'))).toBe('config');
    expect(partOf(path.join(SRC, 'mail', 'create-mail-sender.ts'))).toBe('mail');
    expect(partOf(path.join(SRC, 'server.ts'))).toBe('server');
  });
});
