import { cardFormat } from '../card-format';
import type { RoundKind } from '../domain/check-in';
import type { Qualification, Werkproces } from '../domain/qualification';
import type { AgreementDocument } from '../services/agreement-documents';
import {
  BOLD,
  CONTENT_BOTTOM,
  CONTENT_WIDTH,
  MARGIN,
  newDocument,
  numberPages,
  REGULAR,
  toBytes,
} from './pdf-layout';

export type { AgreementDocument };

const KIND_LABEL: Record<RoundKind, string> = { start: 'Start', tussentijds: 'Tussentijds', eind: 'Eind' };
const FONT_SIZE = 8;
const TABLE_TITLE = 'Kerntaken, werkprocessen en omschrijving werkprocessen';
const LEVELS_TITLE = 'Afsprakenlijst Niveau*';
const PAD = 3;

interface LevelColumn {
  readonly header: string;
  readonly width: number;
  cell(werkprocesCode: string): string;
}

/** The document's title, as on the paper form. */
export function agreementTitle(q: Qualification): string {
  return `Afspraken deelnemer – praktijkopleider ${q.title}`;
}

function levelColumns(d: AgreementDocument): LevelColumn[] {
  const { shown, earlierRounds, qualification: q } = d;
  if (earlierRounds.length === 0) {
    return q.levels.map((level) => ({
      header: level.code,
      width: 30,
      cell: (code) => (shown.version.levels[code] === level.code ? 'X' : ''),
    }));
  }
  return [...earlierRounds, shown.version].map((v) => ({
    header: KIND_LABEL[v.kind],
    width: 58,
    cell: (code) => v.levels[code] ?? '',
  }));
}

class AgreementPdf {
  private readonly doc: PDFKit.PDFDocument;
  private readonly format;
  private readonly columns: LevelColumn[];
  private readonly descriptionWidth: number;

  constructor(private readonly d: AgreementDocument) {
    const created = new Date(d.shown.decision?.at ?? d.shown.version.submittedAt);
    this.doc = newDocument({ title: agreementTitle(d.qualification), created });
    this.format = cardFormat('nl-NL', d.timeZone);
    this.columns = levelColumns(d);
    this.descriptionWidth = CONTENT_WIDTH - this.columns.reduce((sum, c) => sum + c.width, 0);
  }

  async render(): Promise<Buffer> {
    this.header();
    this.tableHeader();
    for (const kerntaak of this.d.qualification.kerntaken) {
      this.bandRow(`Kerntaak ${kerntaak.code}  ${kerntaak.title}`);
      for (const w of kerntaak.werkprocessen) this.werkprocesRow(w);
      const text = this.d.shown.version.werkzaamheden[kerntaak.code];
      this.textRow('Specifieke werkzaamheden', text?.trim() ? text : '—');
    }
    this.legend();
    this.signatures();
    const v = this.d.shown.version;
    numberPages(
      this.doc,
      `${agreementTitle(this.d.qualification)} · ${v.header.studentName} · ronde ${v.round}, versie ${v.version}`,
    );
    return toBytes(this.doc);
  }

  private header(): void {
    const { doc } = this;
    const v = this.d.shown.version;
    doc
      .font(BOLD)
      .fontSize(14)
      .text(agreementTitle(this.d.qualification), MARGIN, MARGIN, { width: CONTENT_WIDTH });
    doc.moveDown(0.6);
    const half = CONTENT_WIDTH / 2;
    const pairs: [string, string][][] = [
      [
        ['BPV-bedrijf', v.header.company],
        ['Naam deelnemer', v.header.studentName],
      ],
      [
        ['Naam praktijkopleider', v.header.trainerName],
        ['Naam begeleider ROC', v.header.supervisorName],
      ],
    ];
    for (const row of pairs) {
      const y = doc.y;
      let bottom = y;
      row.forEach(([label, value], i) => {
        doc
          .font(BOLD)
          .fontSize(9)
          .text(`${label}: `, MARGIN + i * half, y, { width: half - 10, continued: true });
        doc.font(REGULAR).text(value);
        bottom = Math.max(bottom, doc.y);
      });
      doc.y = bottom + 2;
    }
    const period = `${this.format.calendarDate(v.header.startDate)} t/m ${this.format.calendarDate(v.header.endDate)}`;
    const status = this.statusText();
    doc
      .font(REGULAR)
      .fontSize(9)
      .text(
        `Periode: ${period} · Ronde ${v.round} (${KIND_LABEL[v.kind].toLowerCase()}) · Versie ${v.version} · Status: ${status}`,
        MARGIN,
        doc.y + 2,
        { width: CONTENT_WIDTH },
      );
    doc.moveDown(0.8);
  }

  private statusText(): string {
    const outcome = this.d.shown.decision?.outcome;
    if (outcome === 'approved') return 'goedgekeurd';
    if (outcome === 'changes_requested') return 'teruggestuurd';
    return 'ingediend, wacht op goedkeuring';
  }

  /** Keeps `height` on this page, or starts the next one (with the table header when inside the table). */
  private ensure(height: number, withTableHeader: boolean): void {
    if (this.doc.y + height <= CONTENT_BOTTOM) return;
    this.doc.addPage();
    this.doc.y = MARGIN;
    if (withTableHeader) this.tableHeader();
  }

  private tableHeader(): void {
    const { doc } = this;
    const top = doc.y;
    const levelsX = MARGIN + this.descriptionWidth;
    const levelsWidth = CONTENT_WIDTH - this.descriptionWidth;
    doc.font(BOLD).fontSize(FONT_SIZE);
    // Three narrow level columns wrap "Afsprakenlijst Niveau*" onto two lines.
    const h1 =
      Math.max(
        doc.heightOfString(TABLE_TITLE, { width: this.descriptionWidth - 2 * PAD }),
        doc.heightOfString(LEVELS_TITLE, { width: levelsWidth - 2 * PAD }),
      ) +
      2 * PAD;
    const h2 = 14;
    doc.rect(MARGIN, top, CONTENT_WIDTH, h1 + h2).fillAndStroke('#d9d9d9', 'black');
    doc.fillColor('black').font(BOLD).fontSize(FONT_SIZE);
    doc.text(TABLE_TITLE, MARGIN + PAD, top + PAD, { width: this.descriptionWidth - 2 * PAD });
    doc.text(LEVELS_TITLE, levelsX + PAD, top + PAD, { width: levelsWidth - 2 * PAD, align: 'center' });
    let x = levelsX;
    for (const column of this.columns) {
      doc.rect(x, top + h1, column.width, h2).stroke();
      doc.text(column.header, x, top + h1 + PAD, { width: column.width, align: 'center' });
      x += column.width;
    }
    doc
      .moveTo(levelsX, top)
      .lineTo(levelsX, top + h1 + h2)
      .stroke();
    doc.y = top + h1 + h2;
  }

  private bandRow(text: string): void {
    const { doc } = this;
    doc.font(BOLD).fontSize(FONT_SIZE);
    const height = doc.heightOfString(text, { width: CONTENT_WIDTH - 2 * PAD }) + 2 * PAD;
    // A kerntaak heading alone at a page's foot says nothing: keep room for one row under it.
    this.ensure(height + 40, true);
    const top = doc.y;
    doc.rect(MARGIN, top, CONTENT_WIDTH, height).fillAndStroke('#eeeeee', 'black');
    doc.fillColor('black').text(text, MARGIN + PAD, top + PAD, { width: CONTENT_WIDTH - 2 * PAD });
    doc.y = top + height;
  }

  private werkprocesRow(w: Werkproces): void {
    const { doc, d } = this;
    const v = d.shown.version;
    const width = this.descriptionWidth - 2 * PAD;
    const parts: { font: string; text: string }[] = [
      { font: BOLD, text: `${w.code} werkproces  ${w.title}` },
      { font: REGULAR, text: `Omschrijving  ${w.omschrijving}` },
    ];
    if (d.earlierRounds.length === 0 && v.levels[w.code] === d.qualification.notApplicable.code) {
      parts.push({ font: BOLD, text: d.qualification.notApplicable.label });
    }
    const studentNote = v.notes.student[w.code];
    const trainerNote = v.notes.trainer[w.code];
    if (studentNote) parts.push({ font: REGULAR, text: `Notitie deelnemer: ${studentNote}` });
    if (trainerNote) parts.push({ font: REGULAR, text: `Notitie praktijkopleider: ${trainerNote}` });
    doc.fontSize(FONT_SIZE);
    const heights = parts.map((p) => doc.font(p.font).heightOfString(p.text, { width }) + 2);
    const height = heights.reduce((a, b) => a + b, 0) + 2 * PAD;
    this.ensure(height, true);
    const top = doc.y;
    doc.rect(MARGIN, top, this.descriptionWidth, height).stroke();
    let y = top + PAD;
    parts.forEach((p, i) => {
      doc.font(p.font).text(p.text, MARGIN + PAD, y, { width });
      y += heights[i] ?? 0;
    });
    let x = MARGIN + this.descriptionWidth;
    doc.font(BOLD).fontSize(9);
    for (const column of this.columns) {
      doc.rect(x, top, column.width, height).stroke();
      const mark = column.cell(w.code);
      if (mark) doc.text(mark, x, top + PAD + 1, { width: column.width, align: 'center' });
      x += column.width;
    }
    doc.y = top + height;
  }

  private textRow(label: string, text: string): void {
    const { doc } = this;
    const width = CONTENT_WIDTH - 2 * PAD;
    doc.fontSize(FONT_SIZE);
    const labelHeight = doc.font(BOLD).heightOfString(label, { width }) + 2;
    const textHeight = doc.font(REGULAR).heightOfString(text, { width });
    const height = labelHeight + textHeight + 2 * PAD;
    this.ensure(height, true);
    const top = doc.y;
    doc.rect(MARGIN, top, CONTENT_WIDTH, height).stroke();
    doc.font(BOLD).text(label, MARGIN + PAD, top + PAD, { width });
    doc.font(REGULAR).text(text, MARGIN + PAD, top + PAD + labelHeight, { width });
    doc.y = top + height;
  }

  private legend(): void {
    const { doc } = this;
    const q = this.d.qualification;
    const labelWidth = 90;
    const levelWidth = (CONTENT_WIDTH - labelWidth) / q.levels.length;
    doc.fontSize(FONT_SIZE);
    const rowHeight = (texts: string[], font: string, label = '') =>
      Math.max(
        doc.font(BOLD).heightOfString(label, { width: labelWidth - 2 * PAD }),
        ...texts.map((t) => doc.font(font).heightOfString(t, { width: levelWidth - 2 * PAD })),
      ) +
      2 * PAD;
    const headers = q.levels.map((l) => `${l.code}  ${l.label}`);
    const rows = q.criteria.map((c) => ({
      label: `${c.key}  ${c.label}`,
      texts: q.levels.map((l) => l.criteria.find((lc) => lc.key === c.key)?.text ?? ''),
    }));
    const total =
      rowHeight(headers, BOLD) + rows.reduce((sum, r) => sum + rowHeight(r.texts, REGULAR, r.label), 0) + 30;
    doc.y += 10;
    this.ensure(total, false);
    doc.font(BOLD).fontSize(9).text('* Niveau', MARGIN, doc.y, { width: CONTENT_WIDTH });
    doc.y += 4;
    const drawRow = (label: string, texts: string[], font: string, fill?: string) => {
      const height = rowHeight(texts, font, label);
      const top = doc.y;
      if (fill) doc.rect(MARGIN, top, CONTENT_WIDTH, height).fillAndStroke(fill, 'black');
      doc.fillColor('black').fontSize(FONT_SIZE);
      doc.rect(MARGIN, top, labelWidth, height).stroke();
      doc.font(BOLD).text(label, MARGIN + PAD, top + PAD, { width: labelWidth - 2 * PAD });
      texts.forEach((t, i) => {
        const x = MARGIN + labelWidth + i * levelWidth;
        doc.rect(x, top, levelWidth, height).stroke();
        doc.font(font).text(t, x + PAD, top + PAD, { width: levelWidth - 2 * PAD });
      });
      doc.y = top + height;
    };
    drawRow('', headers, BOLD, '#d9d9d9');
    for (const r of rows) drawRow(r.label, r.texts, REGULAR);
    doc.font(REGULAR).fontSize(FONT_SIZE);
    doc.text(`${q.notApplicable.code}: ${q.notApplicable.label}`, MARGIN, doc.y + 4, {
      width: CONTENT_WIDTH,
    });
  }

  private signatures(): void {
    const { doc, format } = this;
    const { version: v, decision } = this.d.shown;
    const lines: string[] = [];
    if (v.settled)
      lines.push(
        `Vastgesteld door de praktijkopleider: ${v.header.trainerName}, ${format.dateTime(v.settled.at)}`,
      );
    lines.push(`Akkoord van de deelnemer: ${v.header.studentName}, ${format.dateTime(v.confirmed.at)}`);
    if (decision?.outcome === 'approved')
      lines.push(
        `Goedgekeurd door de begeleider ROC: ${v.header.supervisorName}, ${format.dateTime(decision.at)}`,
      );
    else if (decision)
      lines.push(
        `Teruggestuurd door de begeleider ROC: ${v.header.supervisorName}, ${format.dateTime(decision.at)}`,
        `Opmerking: ${decision.remark ?? ''}`,
      );
    else lines.push(`Begeleider ROC: ${v.header.supervisorName}, nog niet beoordeeld`);
    doc.fontSize(9);
    const height = lines.reduce((sum, l) => sum + doc.heightOfString(l, { width: CONTENT_WIDTH }) + 3, 30);
    doc.y += 12;
    this.ensure(height, false);
    doc.font(BOLD).text('Akkoord en goedkeuring', MARGIN, doc.y, { width: CONTENT_WIDTH });
    doc.moveDown(0.3);
    doc.font(REGULAR);
    for (const line of lines) doc.text(line, MARGIN, doc.y + 3, { width: CONTENT_WIDTH });
  }
}

/**
 * The agreement as the paper form lays it out: title, header, the kerntaken and werkprocessen with
 * the agreed level marked, the specifieke werkzaamheden, notes, the level legend, and who agreed and
 * approved when. A4, PDF/A-2b, fonts embedded, page numbers, the table header on every page; the
 * same document always gives the same bytes.
 */
export function renderAgreementPdf(d: AgreementDocument): Promise<Buffer> {
  return new AgreementPdf(d).render();
}
