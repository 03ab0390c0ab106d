import type { CardCheck, Theme } from './card-page';
import type { Language } from './cases';

/** One picture of the gallery and what was found in it. */
export interface GalleryEntry extends CardCheck {
  template: string;
  language: Language;
  theme: Theme;
  file: string;
  /** Elements past the card's edge on a phone-wide card. */
  phoneOverflow: string[];
  /** Elements whose content is cut off on a phone-wide card. */
  phoneClipped: string[];
}

function html(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

function list(title: string, lines: string[], css: string): string {
  if (lines.length === 0) return '';
  return `<p class="${css}">${html(title)}</p><ul class="${css}">${lines.map((l) => `<li>${html(l)}</li>`).join('')}</ul>`;
}

function figure(entry: GalleryEntry): string {
  const problems = [...entry.problems, ...entry.overflow];
  return `<figure>
<figcaption>${html(`${entry.language} · ${entry.theme}`)} — <a href="${html(entry.file)}">${html(entry.file)}</a></figcaption>
${list('Renderer / layout problems', problems, 'bad')}
${list('Past the edge of a phone-wide card', entry.phoneOverflow, 'bad')}
${list('Cut off inside its box', entry.clipped, 'note')}
${list('Cut off inside its box on a phone-wide card', entry.phoneClipped, 'note')}
<img src="${html(entry.file)}" alt="${html(`${entry.template} (${entry.language}, ${entry.theme})`)}" loading="lazy">
</figure>`;
}

/** The gallery's index.html: per template, its card in every language and theme, with what was found. */
export function galleryIndex(entries: GalleryEntry[]): string {
  const templates = [...new Set(entries.map((e) => e.template))];
  const sections = templates.map((template) => {
    const figures = entries.filter((e) => e.template === template).map(figure);
    return `<section><h2>${html(template)}</h2><div class="row">${figures.join('\n')}</div></section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Card gallery</title>
<style>
body { font-family: system-ui, sans-serif; margin: 24px; color: #252424; }
.row { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
figure { margin: 0; max-width: 540px; }
figcaption { font-size: 13px; margin-bottom: 6px; }
img { display: block; border: 1px solid #ddd; }
.bad { color: #c4314b; font-size: 13px; }
.note { color: #8a6d00; font-size: 13px; }
</style></head><body>
<h1>Adaptive Cards: every template with its sample data</h1>
<p>Rendered with the Adaptive Cards JavaScript renderer and the Teams host configs in <code>cards/host-config/</code>.</p>
${sections.join('\n')}
</body></html>
`;
}
