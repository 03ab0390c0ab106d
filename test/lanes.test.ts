import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/project-root';

const { longestTimeout, slowTests } = require('./lanes') as {
  longestTimeout: (text: string) => number;
  slowTests: (root: string) => { file: string; why: string }[];
};

/** A repository of test files under a temporary root: path → text. */
function repository(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'lanes-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe('the test lanes', () => {
  it('puts a test by what it does: browser, child process (through its helpers too) or long waits', () => {
    const root = repository({
      'test/domain/pure.test.ts': "import { x } from '../../src/domain/x';\nit('is', () => {});",
      'test/e2e/page.test.ts': "it('clicks', () => {});",
      'test/cli/child.test.ts': "import { spawn } from 'node:child_process';",
      'test/cli/helper.test.ts': "import { run } from '../support/runner';",
      'test/support/runner.ts': "export { run } from './deeper';",
      'test/support/deeper.ts': "import { execFile } from 'child_process';",
      'test/cards/shots.test.ts': "import { chromium } from '../../scripts/shots';",
      'scripts/shots.ts': "import type { Browser } from 'playwright-core';",
      'test/scheduler/long.test.ts': 'jest.setTimeout(120_000);',
      'test/bot/one-long.test.ts': "it('waits', async () => {\n  await x();\n}, 60000);",
      'test/bot/short.test.ts': "jest.setTimeout(10_000);\nit('waits', async () => {}, 5000);",
      // Local mode starts Azurite and the Playground: a test that imports it starts them.
      'test/local/azurite.test.ts': "import { startAzurite } from '../../src/local/azurite';",
      'src/local/azurite.ts': "import { spawn } from 'node:child_process';",
      // What the rest of the product imports says nothing about the test.
      'test/cli/product.test.ts': "import { pack } from '../../src/cli/package';",
      'src/cli/package.ts': "import { execFile } from 'node:child_process';",
    });
    expect(slowTests(root).sort((a, b) => a.file.localeCompare(b.file))).toEqual([
      { file: 'test/bot/one-long.test.ts', why: 'waits long' },
      { file: 'test/cards/shots.test.ts', why: 'starts a browser or a child process' },
      { file: 'test/cli/child.test.ts', why: 'starts a browser or a child process' },
      { file: 'test/cli/helper.test.ts', why: 'starts a browser or a child process' },
      { file: 'test/e2e/page.test.ts', why: 'end-to-end (browser)' },
      { file: 'test/local/azurite.test.ts', why: 'starts a browser or a child process' },
      { file: 'test/scheduler/long.test.ts', why: 'waits long' },
    ]);
  });

  it('reads the longest timeout a file asks for', () => {
    expect(longestTimeout("jest.setTimeout(180_000);\nit('x', async () => {}, 5000);")).toBe(180_000);
    expect(longestTimeout("it('x', () => {\n  f();\n}, 120_000);")).toBe(120_000);
    expect(longestTimeout("it.each([[1]])('x %s', async () => {}, 90_000);")).toBe(90_000);
    expect(longestTimeout("it('x', () => { f(1, 200_000); });\n// jest.setTimeout(120_000)")).toBe(0);
  });

  it('sends the browser, the child processes and the long waits of this repository to the slow lane', () => {
    const slow = slowTests(projectRoot()).map((entry) => entry.file);
    expect(slow).toEqual(
      expect.arrayContaining([
        'test/e2e/check-in.e2e.test.ts',
        'test/cards/gallery.test.ts',
        'test/telemetry.test.ts',
        'test/scheduler/processes.test.ts',
        'test/fuzz/hostile-input.test.ts',
        'test/chat/resilience.test.ts',
      ]),
    );
    expect(slow).not.toContain('test/lanes.test.ts');
    expect(slow).not.toContain('test/domain/check-in.test.ts');
    expect(slow).not.toContain('test/chat/check-in.test.ts');
  });
});
