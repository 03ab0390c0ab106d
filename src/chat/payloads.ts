import { z } from 'zod';
import { stripUnsafeCharacters } from '../domain/text';

// Every card action's data is parsed here before a route runs; anything else is refused with a card.
const placementId = z.string().regex(/^[0-9a-f]{32}$/);
const roundNumber = z.number().int().min(1).max(99);
const base = z.object({
  p: placementId,
  r: roundNumber,
  role: z.enum(['student', 'trainer']),
  v: z.number().int().min(0),
});
const stepIndex = z.number().int().min(0).max(500);
// No length cap here: the HTTP body limit bounds free text, and the domain's limits answer a text
// that is too long with the card, the field it is about and the text kept for shortening. Typed
// text loses control and bidi-override characters first, so what is stored is what is shown.
const longText = z.string().transform((text) => stripUnsafeCharacters(text, { multiline: true }));

/** The payload schema of each routed verb. */
export const payloadSchemas = {
  open: z.object({ p: placementId, role: z.enum(['student', 'trainer']) }),
  answer: base.extend({
    s: stepIndex,
    nav: z.enum(['next', 'back', 'stay']),
    /** Opened with "Wijzigen" from the overview: "next" saves and goes back there. */
    o: z.literal(1).optional(),
    level: z.string().max(20).optional(),
    note: longText.optional(),
    text: longText.optional(),
  }),
  goTo: base.extend({ s: stepIndex }),
  finish: base,
  // A level is a short code from a choice set; a long one is a tampered card, and a refusal would
  // draw it back onto the card.
  settle: base
    .extend({ role: z.literal('trainer') })
    .catchall(longText)
    .refine((data) =>
      Object.entries(data).every(([key, value]) => !key.startsWith('lvl_') || String(value).length <= 20),
    ),
  confirm: base.extend({ role: z.literal('student') }),
  sendBack: base.extend({ role: z.literal('student'), remark: longText.optional() }),
  reopen: base.extend({ role: z.literal('trainer') }),
  openNextRound: z.object({ p: placementId, r: roundNumber }),
  review: z.object({ p: placementId }),
  approve: z.object({ p: placementId, r: roundNumber, version: z.number().int().min(1) }),
  requestChanges: z.object({
    p: placementId,
    r: roundNumber,
    version: z.number().int().min(1),
    remark: longText.optional(),
  }),
  refresh: z.object({ p: placementId, r: roundNumber, shape: z.enum(['card', 'list']) }),
  version: z.object({ p: placementId, r: roundNumber, v: z.number().int().min(1).max(9999) }),
  // `from`: the card the button was on, drawn again with the link beside the button.
  download: z.object({
    p: placementId,
    r: roundNumber,
    v: z.number().int().min(1).max(9999),
    from: z.enum(['list', 'version']).optional(),
  }),
  // The previewed qualification, gzip and base64 (a card stays small); parsed again before it is stored.
  saveQualification: z.object({
    q: z.string().min(1).max(200_000),
    b: z.number().int().min(0).max(999_998),
    d: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  snooze: z.object({
    items: z
      .array(z.object({ p: placementId, item: z.string().max(300) }))
      .min(1)
      .max(200),
  }),
};

export type PayloadName = keyof typeof payloadSchemas;
export type Payload<K extends PayloadName> = z.infer<(typeof payloadSchemas)[K]>;
