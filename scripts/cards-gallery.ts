import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/project-root';
import { CardPage, DESKTOP_WIDTH, PHONE_WIDTH, THEMES } from './card-gallery/card-page';
import { galleryCases } from './card-gallery/cases';
import { type GalleryEntry, galleryIndex } from './card-gallery/index-page';
import { smallPng } from './card-gallery/small-png';
import { launchChromium } from './chromium';

/** The cards the README shows: one step, the list side by side, the supervisor's summary, the status. */
export const README_CARDS = ['werkproces', 'agreement', 'summary', 'status'];
/** The README's pictures stay small enough for the repository. */
const README_MAX_BYTES = 150 * 1024;

function problemsOf(entry: GalleryEntry): string[] {
  return [
    ...entry.problems,
    ...entry.overflow,
    ...entry.phoneOverflow.map((line) => `${PHONE_WIDTH}px: ${line}`),
  ];
}

async function main(argv: string[]): Promise<number> {
  const root = projectRoot();
  const outDir = path.join(root, 'test-artifacts', 'cards');
  const readme = argv.includes('--readme');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const cases = galleryCases();
  const entries: GalleryEntry[] = [];
  const tooLarge: string[] = [];
  const browser = await launchChromium();
  try {
    for (const theme of THEMES) {
      const page = await CardPage.open(browser, theme);
      for (const item of cases) {
        const file = `${item.template}-${item.language}-${theme}.png`;
        const shown = await page.render(item.card, DESKTOP_WIDTH);
        await page.screenshot(shown.id, path.join(outDir, file));
        const phone = await page.render(item.card, PHONE_WIDTH);
        entries.push({
          ...shown,
          template: item.template,
          language: item.language,
          theme,
          file,
          phoneOverflow: phone.overflow,
          phoneClipped: phone.clipped,
        });
        if (readme && theme === 'light' && item.language === 'nl' && README_CARDS.includes(item.template)) {
          mkdirSync(path.join(root, 'docs', 'cards'), { recursive: true });
          const picture = path.join(root, 'docs', 'cards', `${item.template}.png`);
          const png = smallPng(readFileSync(path.join(outDir, file)));
          writeFileSync(picture, png);
          if (png.length > README_MAX_BYTES) {
            tooLarge.push(`${path.relative(root, picture)}: ${png.length} bytes, over ${README_MAX_BYTES}`);
          }
        }
      }
      for (const line of page.console) console.error(`browser console (${theme}): ${line}`);
      // Pages stay open until the browser closes: the npm Chromium runs as a single process, which
      // closing a page can take down with it.
    }
  } finally {
    await browser.close();
  }
  writeFileSync(path.join(outDir, 'index.html'), galleryIndex(entries));
  // Card problems are listed (and fail `test/cards/gallery.test.ts`); only a picture for the README
  // that came out too large fails the command.
  for (const entry of entries) for (const line of problemsOf(entry)) console.error(`${entry.file}: ${line}`);
  for (const line of tooLarge) console.error(line);
  const problems = entries.reduce((sum, entry) => sum + problemsOf(entry).length, 0);
  console.log(
    `${entries.length} cards in ${path.relative(root, outDir)}/ (index.html), ${problems + tooLarge.length} problem(s)`,
  );
  return tooLarge.length === 0 ? 0 : 1;
}

if (require.main === module) {
  let settled = false;
  // A browser that dies can leave Playwright waiting with nothing left to run: Node would then end
  // quietly with exit code 0 and half a gallery.
  process.on('beforeExit', () => {
    if (settled) return;
    settled = true;
    console.error('the browser went away before the gallery was done');
    process.exitCode = 1;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      settled = true;
      process.exitCode = code;
    },
    (error: unknown) => {
      settled = true;
      console.error(error);
      process.exitCode = 1;
    },
  );
}
