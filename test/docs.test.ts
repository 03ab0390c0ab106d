import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The README is what a newcomer reads first: it stays short, its folder map names every folder the
 * code has, and no link in it or in docs/ points at a file that is not there.
 */

const ROOT = path.resolve(__dirname, '..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return markdownFiles(full);
    return name.endsWith('.md') ? [full] : [];
  });
}

/** Relative link targets of a markdown file: `[text](target)` and `<img src="target">`, anchors cut off. */
function relativeLinks(markdown: string): string[] {
  const targets = [
    ...[...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? ''),
    ...[...markdown.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1] ?? ''),
  ];
  return targets
    .filter((t) => t !== '' && !/^[a-z]+:/i.test(t) && !t.startsWith('#'))
    .map((t) => t.split('#')[0] ?? t);
}

describe('README', () => {
  it('fits in 250 lines', () => {
    expect(README.split('\n').length).toBeLessThanOrEqual(250);
  });

  it('names every folder under src/ in its folder map', () => {
    const folders = readdirSync(path.join(ROOT, 'src')).filter(
      (name) => statSync(path.join(ROOT, 'src', name)).isDirectory() && name !== 'locales',
    );
    const missing = folders.filter((folder) => !README.includes(`src/${folder}`));
    expect(missing).toEqual([]);
  });

  it('shows the two commands', () => {
    expect(README).toContain('npm install && npm start');
    expect(README).toContain('npm test');
  });
});

describe('links in README.md and docs/', () => {
  const files = [path.join(ROOT, 'README.md'), ...markdownFiles(path.join(ROOT, 'docs'))];

  it.each(files.map((file) => [path.relative(ROOT, file), file]))(
    '%s links only to files that exist',
    (_, file) => {
      const broken = relativeLinks(readFileSync(file, 'utf8')).filter(
        (target) => !existsSync(path.resolve(path.dirname(file), target)),
      );
      expect(broken).toEqual([]);
    },
  );
});
