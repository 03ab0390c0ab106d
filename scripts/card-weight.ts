import { existsSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { addTableRow } from '../bench/results-table';
import { renderCard } from '../src/chat/cards';
import { projectRoot } from '../src/project-root';
import { CardPage, DESKTOP_WIDTH } from './card-gallery/card-page';
import { readSample, samplePath } from './card-gallery/cases';
import { launchChromium } from './chromium';

/**
 * What the cards a chat holds cost the browser: N copies of a card rendered with the Adaptive Cards
 * renderer in a Teams-like page, then the time to draw one more card and lay out the page (what a
 * tab does when a reply arrives), and the page's element count. Run:
 * `npm run bench:cards -- 5 20 50`; rows go to bench/results.md.
 */
const HEADING = '## Card weight in the browser';

const CARDS = {
  'list (agreement, trainer settling)': 'agreement',
  'summary (supervisor)': 'summary',
  'round card (notice)': 'round',
} as const;

async function main(counts: number[]): Promise<void> {
  const browser = await launchChromium();
  const rows: string[] = [];
  try {
    for (const [label, template] of Object.entries(CARDS)) {
      const file = samplePath(template, 'nl');
      if (!file) throw new Error(`no sample for ${template}`);
      const card = renderCard(template, readSample(file));
      const bytes = JSON.stringify(card).length * 2;
      for (const count of counts) {
        const page = await CardPage.open(browser, 'light');
        for (let i = 0; i < count; i++) await page.render(card, DESKTOP_WIDTH);
        const started = performance.now();
        await page.render(card, DESKTOP_WIDTH);
        await page.page.evaluate('document.body.getBoundingClientRect().height');
        const answerMs = performance.now() - started;
        const nodes = (await page.page.evaluate('document.getElementsByTagName("*").length')) as number;
        const height = (await page.page.evaluate('document.body.scrollHeight')) as number;
        rows.push(
          `| ${new Date().toISOString().slice(0, 10)} | ${label} | ${(bytes / 1024).toFixed(1)} | ${count} | ${answerMs.toFixed(0)} | ${nodes} | ${Math.round(height / (count + 1))} | ${loadavg()[0]?.toFixed(1)} |`,
        );
        await page.page.close();
      }
    }
  } finally {
    await browser.close();
  }
  const results = path.join(projectRoot(), 'bench', 'results.md');
  if (!existsSync(results)) writeFileSync(results, '# Benchmark results\n');
  for (const row of rows) addTableRow(results, HEADING, row);
  console.log(rows.join('\n'));
}

const counts = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
main(counts.length > 0 ? counts : [5, 20, 50]).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
