import { type AgreementDocument, renderAgreementPdf } from '../../src/documents/agreement-pdf';
import { allWerkprocessen } from '../../src/domain/qualification';
import { qualification } from '../support/check-in-flow';
import { flat, type PdfPage, readPdf } from '../support/pdf-text';
import { approved, sampleVersion } from './agreement-sample';

const werkprocessen = allWerkprocessen(qualification);

function document(overrides: Partial<AgreementDocument> = {}): AgreementDocument {
  return {
    shown: approved(sampleVersion()),
    earlierRounds: [],
    qualification,
    timeZone: 'Europe/Amsterdam',
    ...overrides,
  };
}

/** The headers of the level columns on a page, by their text, and each werkproces row's marks by column. */
function marksByColumn(pages: readonly PdfPage[], headers: readonly string[]): Record<string, string[]> {
  const marks: Record<string, string[]> = {};
  for (const page of pages.filter((p) => /\d\.\d werkproces/.test(p.text))) {
    const columns = headers.map((h) => {
      const found = page.items.find((i) => i.str.trim() === h);
      if (!found) throw new Error(`no column header ${h} on a page with rows`);
      return { header: h, x: found.x };
    });
    const rows = page.items
      .filter((i) => /^\d+\.\d+ werkproces/.test(i.str))
      .map((i) => ({ code: i.str.split(' ')[0] as string, y: i.y }));
    for (const row of rows) {
      // A mark stands in the row's first line, in the cell of its column.
      const inRow = page.items.filter(
        (i) => Math.abs(i.y - row.y) < 2 && i.str.trim() !== '' && !i.str.includes('werkproces'),
      );
      marks[row.code] = columns.flatMap((c) =>
        inRow.filter((i) => Math.abs(i.x - c.x) < 25).map((i) => `${c.header}:${i.str.trim()}`),
      );
    }
  }
  return marks;
}

describe('the agreement PDF', () => {
  it('has the form title, header, round and version, every werkproces with its seed text, notes and signatures', async () => {
    const version = sampleVersion();
    const { pages, info } = await readPdf(await renderAgreementPdf(document()));
    const text = flat(pages.map((p) => p.text).join('\n'));

    expect(text.startsWith('Afspraken deelnemer – praktijkopleider ICT-beheerder')).toBe(true);
    expect(text).toContain('BPV-bedrijf: Van Dijk ICT B.V. Naam deelnemer: Sanne Jansen');
    expect(text).toContain('Naam praktijkopleider: Pieter de Vries Naam begeleider ROC: Fatima El Amrani');
    expect(text).toContain('Ronde 1 (start) · Versie 1 · Status: goedgekeurd');
    for (const w of werkprocessen) {
      expect(text).toContain(`${w.code} werkproces ${w.title}`);
      expect(text).toContain(`Omschrijving ${flat(w.omschrijving)}`);
    }
    for (const k of qualification.kerntaken) expect(text).toContain(`Kerntaak ${k.code} ${k.title}`);
    expect(text).toContain('Specifieke werkzaamheden Servers patchen en de helpdesk bemannen.');
    expect(text).toContain('Notitie deelnemer: Eerst meelopen');
    expect(text).toContain('Notitie praktijkopleider: Met een collega');
    for (const level of qualification.levels)
      for (const c of level.criteria) expect(text).toContain(flat(c.text));
    // Times in the school's time zone (CEST in September).
    expect(text).toContain('Vastgesteld door de praktijkopleider: Pieter de Vries, 14-09-2026 10:05');
    expect(text).toContain('Akkoord van de deelnemer: Sanne Jansen, 14-09-2026 11:30');
    expect(text).toContain('Goedgekeurd door de begeleider ROC: Fatima El Amrani, 15-09-2026 15:45');
    expect(info.Title).toBe('Afspraken deelnemer – praktijkopleider ICT-beheerder');
    expect(version.levels['1.4']).toBe('nvt');
  });

  it('marks each agreed level in its Bg / G / Bk column, and "niet mogelijk" in a column of its own', async () => {
    const version = sampleVersion();
    const { pages } = await readPdf(await renderAgreementPdf(document()));
    const marks = marksByColumn(pages, ['Bg', 'G', 'Bk', 'nvt']);
    expect(Object.keys(marks)).toEqual(werkprocessen.map((w) => w.code));
    for (const w of werkprocessen) {
      const level = version.levels[w.code];
      expect([w.code, marks[w.code]]).toEqual([w.code, [`${level}:X`]]);
    }
    const text = flat(pages.map((p) => p.text).join('\n'));
    const nvt = werkprocessen.filter((w) => version.levels[w.code] === 'nvt');
    expect(nvt.length).toBeGreaterThan(0);
    // Not printed under the description any more: once, in the legend that explains the column.
    expect(text.split('Niet mogelijk bij dit bedrijf').length - 1).toBe(1);
    expect(text).toContain('nvt = Niet mogelijk bij dit bedrijf');
  });

  it("has the form's legend: its heading, and each criterion worded once", async () => {
    const { pages } = await readPdf(await renderAgreementPdf(document()));
    const text = flat(pages.map((p) => p.text).join('\n'));
    expect(text).toContain('*Omschrijving niveau-aanduiding:');
    expect(text).not.toContain('* Niveau');
    for (const level of qualification.levels) {
      expect(text).toContain(`${level.code} = ${level.label}`);
      const d = level.criteria.find((c) => c.key === 'd');
      expect(text).toContain(`d) ${flat(d?.text ?? '')}`);
      expect(text).not.toContain(`Gewenst resultaat: ${flat(d?.text ?? '')}`);
    }
    expect(text).toContain('a) Beoordeling:');
  });

  it('has lines to sign for deelnemer, praktijkopleider and begeleider ROC, after the digital approval', async () => {
    const { pages } = await readPdf(await renderAgreementPdf(document()));
    const text = flat(pages.map((p) => p.text).join('\n'));
    const digital = text.indexOf('Goedgekeurd door de begeleider ROC: Fatima El Amrani');
    const signing = text.indexOf('Handtekeningen');
    expect(digital).toBeGreaterThan(0);
    expect(signing).toBeGreaterThan(digital);
    const lines = text.slice(signing);
    for (const [role, name] of [
      ['Deelnemer', 'Sanne Jansen'],
      ['Praktijkopleider', 'Pieter de Vries'],
      ['Begeleider ROC', 'Fatima El Amrani'],
    ]) {
      expect(lines).toContain(role);
      expect(lines).toContain(`Naam: ${name}`);
    }
    expect(lines.split('Datum:').length - 1).toBe(3);
    expect(lines.split('Handtekening:').length - 1).toBe(3);
  });

  it('numbers its pages and repeats the table header on each page of the table', async () => {
    const { pages } = await readPdf(await renderAgreementPdf(document()));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((page, i) => {
      expect(page.text).toContain(`Pagina ${i + 1} van ${pages.length}`);
    });
    const withRows = pages.filter((p) => /\d\.\d werkproces/.test(p.text));
    expect(withRows.length).toBeGreaterThanOrEqual(2);
    for (const page of withRows)
      expect(flat(page.text)).toContain(
        'Kerntaken, werkprocessen en omschrijving werkprocessen Afsprakenlijst Niveau* Bg G Bk',
      );
  });

  it('embeds its fonts and declares PDF/A, and gives the same bytes for the same version', async () => {
    const first = await renderAgreementPdf(document());
    const second = await renderAgreementPdf(document());
    expect(Buffer.compare(first, second)).toBe(0);
    const raw = first.toString('latin1');
    expect(raw).toContain('/FontFile2');
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
    expect(raw).toContain('pdfaid:part');
  });

  it('says when the supervisor sent it back, with the remark, and when no decision was taken yet', async () => {
    const version = sampleVersion();
    const sentBack = await renderAgreementPdf(
      document({
        shown: {
          version,
          decision: {
            placementId: version.placementId,
            round: 1,
            version: 1,
            outcome: 'changes_requested',
            by: 'supervisor-oid',
            at: '2026-09-15T13:45:00.000Z',
            remark: '3.5 kan wel',
          },
        },
      }),
    );
    const sentBackText = flat((await readPdf(sentBack)).pages.map((p) => p.text).join('\n'));
    expect(sentBackText).toContain('Status: teruggestuurd');
    expect(sentBackText).toContain(
      'Teruggestuurd door de begeleider ROC: Fatima El Amrani, 15-09-2026 15:45 Opmerking: 3.5 kan wel',
    );
    const pending = await renderAgreementPdf(document({ shown: { version } }));
    const pendingText = flat((await readPdf(pending)).pages.map((p) => p.text).join('\n'));
    expect(pendingText).toContain('Begeleider ROC: Fatima El Amrani, nog niet beoordeeld');
    expect(pendingText).not.toContain('Goedgekeurd');
  });

  it('shows every round side by side when earlier rounds were approved', async () => {
    const start = sampleVersion();
    const tussentijds = sampleVersion({
      round: 2,
      kind: 'tussentijds',
      levels: Object.fromEntries(werkprocessen.map((w) => [w.code, 'Bk'])),
    });
    const { pages } = await readPdf(
      await renderAgreementPdf(document({ shown: approved(tussentijds), earlierRounds: [start] })),
    );
    const marks = marksByColumn(pages, ['Start', 'Tussentijds']);
    for (const w of werkprocessen)
      expect([w.code, marks[w.code]]).toEqual([w.code, [`Start:${start.levels[w.code]}`, 'Tussentijds:Bk']]);
    expect(flat(pages[0]?.text ?? '')).toContain('Ronde 2 (tussentijds) · Versie 1');
  });
});
