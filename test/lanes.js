/**
 * The two test lanes (docs/testing.md). A test file is in the slow lane when it
 *
 * - lives under test/e2e/ (the Agents Playground in headless Chromium),
 * - starts a browser or a child process: the file, or a helper of test/, scripts/ or bench/ it
 *   imports (directly or further down), imports `child_process` or `playwright-core`, or
 * - waits long: it gives its tests more time than the default `testTimeout` (`jest.setTimeout(n)`,
 *   or a timeout as the last argument of `it`, `test` or a hook).
 *
 * Every other test file is in the fast lane. A new test lands in its lane by what it does: there is
 * no list to keep.
 */
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

/** The time a test may take unless it says otherwise (jest.config.js). */
const DEFAULT_TIMEOUT_MS = 30_000;

const SLOW_PACKAGES = ['child_process', 'node:child_process', 'playwright-core'];

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(file);
    return entry.name.endsWith('.test.ts') ? [file] : [];
  });
}

/** The helpers a test may start processes through; what the product's own modules import says nothing about the test. */
const HELPER_FOLDERS = ['test', 'scripts', 'bench'];

/** The file a relative specifier in `from` names, if it is a helper under `root`. */
function resolve(root, from, specifier) {
  const base = path.resolve(path.dirname(from), specifier);
  const folder = path.relative(root, base).split(path.sep)[0];
  if (!HELPER_FOLDERS.includes(folder)) return undefined;
  return [base, `${base}.ts`, `${base}.js`, `${base}.cjs`, path.join(base, 'index.ts')].find(
    (file) => /\.(ts|js|cjs)$/.test(file) && existsSync(file),
  );
}

/** Whether `file`, or what it imports from this repository, starts a browser or a child process. */
function startsProcesses(root, file, memo) {
  if (memo.has(file)) return memo.get(file);
  memo.set(file, false);
  const imports = ts
    .preProcessFile(readFileSync(file, 'utf8'), true, true)
    .importedFiles.map((i) => i.fileName);
  const result = imports.some((specifier) => {
    if (SLOW_PACKAGES.includes(specifier)) return true;
    if (!specifier.startsWith('.')) return false;
    const target = resolve(root, file, specifier);
    return target !== undefined && startsProcesses(root, target, memo);
  });
  memo.set(file, result);
  return result;
}

const TIMED_CALLS = ['it', 'test', 'beforeAll', 'beforeEach', 'afterAll', 'afterEach'];

/** The function a call names, as written before its arguments: `it`, `it.each(…)` → `it`, `jest.setTimeout`. */
function callee(expression) {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) {
    const object = callee(expression.expression);
    return object === 'jest' ? `jest.${expression.name.text}` : object;
  }
  if (ts.isCallExpression(expression)) return callee(expression.expression);
  return undefined;
}

/**
 * The longest timeout `text` asks for, in milliseconds: `jest.setTimeout(n)`, or `n` as the last
 * argument of a test or hook (`it('…', fn, n)`). Strings and comments are not read.
 */
function longestTimeout(text) {
  const numbers = [];
  const visit = (node) => {
    if (ts.isCallExpression(node)) {
      const name = callee(node.expression);
      const last = node.arguments[node.arguments.length - 1];
      const timed =
        (name === 'jest.setTimeout' && node.arguments.length === 1) ||
        (TIMED_CALLS.includes(name) && node.arguments.length >= 2);
      if (timed && last && ts.isNumericLiteral(last)) numbers.push(Number(last.text.replaceAll('_', '')));
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('test.ts', text, ts.ScriptTarget.Latest));
  return Math.max(0, ...numbers);
}

/** Why `file` is in the slow lane, or undefined when it is in the fast one. */
function slowBecause(file, root, memo) {
  const relative = path.relative(root, file).split(path.sep).join('/');
  if (relative.startsWith('test/e2e/')) return 'end-to-end (browser)';
  if (startsProcesses(root, file, memo)) return 'starts a browser or a child process';
  if (longestTimeout(readFileSync(file, 'utf8')) > DEFAULT_TIMEOUT_MS) return 'waits long';
  return undefined;
}

/** The test files of the slow lane under `root`/test, relative to `root`, with the reason of each. */
function slowTests(root) {
  const memo = new Map();
  return testFiles(path.join(root, 'test'))
    .map((file) => ({
      file: path.relative(root, file).split(path.sep).join('/'),
      why: slowBecause(file, root, memo),
    }))
    .filter((entry) => entry.why !== undefined);
}

module.exports = { DEFAULT_TIMEOUT_MS, slowTests, longestTimeout };
