import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type AdaptiveCardJson, cardsDir, renderCard } from '../../src/chat/cards';

/** The languages the bot speaks; Dutch samples sit in `cards/samples/`, others in a folder per language. */
export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** One card of the gallery: a template expanded with the sample data of one language. */
export interface GalleryCase {
  template: string;
  language: Language;
  card: AdaptiveCardJson;
}

/** The names of the templates in `cards/` (`werkproces` for `cards/werkproces.json`). */
export function templateNames(): string[] {
  return readdirSync(cardsDir())
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.replace(/\.json$/, ''))
    .sort();
}

/** The sample file of a template for a language, or undefined when that language has none. */
export function samplePath(template: string, language: Language): string | undefined {
  const folder = language === 'nl' ? 'samples' : path.join('samples', language);
  const file = path.join(cardsDir(), folder, `${template}.json`);
  return existsSync(file) ? file : undefined;
}

export function readSample(file: string): object {
  return JSON.parse(readFileSync(file, 'utf8')) as object;
}

/** Every template in every language it has sample data for, expanded the way the bot expands it. */
export function galleryCases(): GalleryCase[] {
  const cases: GalleryCase[] = [];
  for (const template of templateNames()) {
    for (const language of LANGUAGES) {
      const file = samplePath(template, language);
      if (file) cases.push({ template, language, card: renderCard(template, readSample(file)) });
    }
  }
  return cases;
}
