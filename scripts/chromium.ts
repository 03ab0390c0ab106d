import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { projectRoot } from '../src/project-root';

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

const HEADLESS_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * The system's Chromium where there is one (Debian's package); otherwise the Chromium that the npm
 * package `@sparticuz/chromium` ships inside itself, unpacked to the temp folder on first use, so
 * nothing but `npm install` is needed on a bare machine. `E2E_BROWSER=npm` forces the latter.
 */
export async function chromiumExecutable(): Promise<{ path: string; args: string[]; source: string }> {
  const system = SYSTEM_CHROMIUM.find((candidate) => existsSync(candidate));
  if (system && process.env.E2E_BROWSER !== 'npm') return { path: system, args: [], source: 'system' };
  // The package is an ES module, which a CommonJS runtime cannot load: ask a Node process.
  const script =
    "import c from '@sparticuz/chromium'; console.log(JSON.stringify({ path: await c.executablePath(), args: c.args }));";
  const output = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { cwd: projectRoot() },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    ),
  );
  const bundled = JSON.parse(output) as { path: string; args: string[] };
  return { ...bundled, source: 'npm' };
}

export async function launchChromium(): Promise<Browser> {
  const browser = await chromiumExecutable();
  return chromium.launch({
    executablePath: browser.path,
    args: [...new Set([...browser.args, ...HEADLESS_ARGS])],
  });
}
