import { z } from 'zod';
import { startExport } from '../office-export';
import { exportFormCard } from '../office-views';
import { defineOfficeVerb } from '../verb-entry';
import { Verb } from '../verbs';

const date = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]);

/** The BPV office asks for the export of approved agreements: the form, or the export it filled in. */
export const officeExport = defineOfficeVerb({
  name: Verb.officeExport,
  payload: z
    .object({
      form: z.literal(true).optional(),
      since: date.optional(),
      until: date.optional(),
      formats: z.string().max(20).optional(),
    })
    .strict(),
  async handle(turn, data, deps, background) {
    if (data.form) return { card: exportFormCard() };
    const formats = (data.formats ?? '')
      .split(',')
      .filter((f): f is 'pdf' | 'csv' => f === 'pdf' || f === 'csv');
    if (formats.length === 0) return { card: exportFormCard('Kies ten minste één soort bestand.') };
    const since = data.since || undefined;
    const until = data.until || undefined;
    if (since && until && since > until)
      return { card: exportFormCard('De begindatum ligt na de einddatum.') };
    const request = {
      kind: 'export' as const,
      formats,
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
    };
    return startExport(turn, request, deps, background);
  },
});
