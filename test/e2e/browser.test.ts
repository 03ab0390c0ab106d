import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { chromiumExecutable } from './support';

describe('the browser the end-to-end tests use', () => {
  it('comes from the npm registry when asked, and renders a page', async () => {
    const previous = process.env.E2E_BROWSER;
    process.env.E2E_BROWSER = 'npm';
    const server = createServer((_req, res) =>
      res.end('<html><body><h1 id="t">Werkproces 1.1</h1></body></html>'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const browser = await chromiumExecutable();
      expect(browser.source).toBe('npm');
      const launched = await chromium.launch({
        executablePath: browser.path,
        args: [...browser.args, '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      try {
        const page = await launched.newPage();
        await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
        expect(await page.textContent('#t')).toBe('Werkproces 1.1');
      } finally {
        await launched.close();
      }
    } finally {
      server.close();
      if (previous === undefined) delete process.env.E2E_BROWSER;
      else process.env.E2E_BROWSER = previous;
    }
  });
});
