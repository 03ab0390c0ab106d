import { z } from 'zod';
import { stripUnsafeCharacters } from '../domain/text';

// The pieces the verbs' payload schemas (src/chat/verbs/) are made of. Every card action's data is
// parsed with its verb's schema before its handler runs; anything else is refused with a card.

export const placementId = z.string().regex(/^[0-9a-f]{32}$/);
export const roundNumber = z.number().int().min(1).max(99);
/** A part's card: the placement, the round, the part's role and the round's revision the card shows. */
export const partPayload = z.object({
  p: placementId,
  r: roundNumber,
  role: z.enum(['student', 'trainer']),
  v: z.number().int().min(0),
});
export const stepIndex = z.number().int().min(0).max(500);
// No length cap here: the HTTP body limit bounds free text, and the domain's limits answer a text
// that is too long with the card, the field it is about and the text kept for shortening. Typed
// text loses control and bidi-override characters first, so what is stored is what is shown.
export const longText = z.string().transform((text) => stripUnsafeCharacters(text, { multiline: true }));
/** A stored version of a round's agreed list. */
export const versionNumber = z.number().int().min(1).max(9999);
/** An office card's button: the id of the preview or request it acts on. */
export const officeIdPayload = z
  .object({
    id: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/),
  })
  .strict();
