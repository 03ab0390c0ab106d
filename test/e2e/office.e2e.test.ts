import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { LocalStack } from '../../src/local/run-local';
import { ChatPage, launchChromium, startE2eStack } from './support';

jest.setTimeout(240_000);

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  ({ stack } = await startE2eStack({ office: true }));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("the BPV office's tab in the Agents Playground, in headless Chromium", () => {
  it('greets the office member with what the office does, and shows the overview with its CSV link', async () => {
    // Local mode puts the demo placements' file at hand for the office tab.
    expect(readFileSync(stack.demoCsv, 'utf8')).toContain('sanne.jansen@student.example.org');

    const office = await ChatPage.open(browser, stack, 'office');
    await office.waitForText('BPV-bureau');
    await office.waitForText('Stages inlezen');

    await office.send('overzicht');
    await office.waitForText('Overzicht BPV-bureau');
    await office.waitForText('1 stage(s) in deze periode.');
    await office.waitForText('niet bereikbaar');
    await office.screenshot('office-overview');

    await office.click('Download CSV');
    await office.waitForText('Download klaar');
    await office.waitForText('De link werkt één keer');
  });
});
