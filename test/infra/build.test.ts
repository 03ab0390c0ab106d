import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const entry = path.join(root, 'dist/src/main.js');

function build(): void {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe' });
}

// `npm start` builds first; with nothing changed that build must leave dist alone instead of
// compiling every file again.
test('a build with nothing changed writes nothing', () => {
  build();
  const before = statSync(entry).mtimeMs;
  build();
  expect(statSync(entry).mtimeMs).toBe(before);
}, 180_000);
