import type { RouteDeps, RouteScope } from '../../src/chat/route-scope';
import { runRoute } from '../../src/chat/routes';
import { translator } from '../../src/i18n';
import { loadQualificationCatalog } from '../../src/qualifications/catalog';
import { ensureRounds } from '../../src/services/check-in/open-check-in';
import { storedQualificationCatalog } from '../../src/services/qualification-catalog';
import { CardRepository } from '../../src/storage/card-repository';
import { ConversationRepository } from '../../src/storage/conversation-repository';
import { DownloadLinkRepository } from '../../src/storage/download-link-repository';
import { ReminderRepository } from '../../src/storage/reminder-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import { BusyNeighbour } from '../services/busy-neighbour';
import { assertValidCard, cardText, freshStore, inputValue } from '../support/bot-harness';
import { boundPlacement } from '../support/bound-placement';

const placement = boundPlacement('d'.repeat(32));

describe('a round someone else keeps changing', () => {
  it('answers the click with the step card again, the typed note kept and a notice that someone else changed it', async () => {
    const store = await freshStore();
    const rounds = new RoundRepository(store);
    const busy = new BusyNeighbour(rounds);
    const deps: RouteDeps = {
      rounds: busy,
      cards: new CardRepository(store),
      conversations: new ConversationRepository(store),
      reminders: new ReminderRepository(store),
      qualifications: storedQualificationCatalog(loadQualificationCatalog(), undefined),
      schedule: { finalRoundDaysBeforeEnd: 14, timeZone: 'Europe/Amsterdam' },
      downloads: { links: new DownloadLinkRepository(store), baseUrl: () => 'http://127.0.0.1' },
    };
    const t = translator('nl-NL', 'Europe/Amsterdam');
    const scope: RouteScope = {
      t,
      aadObjectId: 'aad-student',
      memberships: [{ placement, role: 'student' }],
      now: new Date('2026-09-07T09:00:00Z'),
    };
    await ensureRounds(deps, scope);
    busy.busy = true;

    const reply = await runRoute(
      'answer',
      scope,
      {
        p: placement.id,
        r: 1,
        role: 'student',
        v: 0,
        s: 0,
        nav: 'next',
        level: 'G',
        note: 'Mijn eigen notitie',
      },
      deps,
    );

    if (!reply) throw new Error('the payload should have matched its schema');
    assertValidCard(reply.card);
    expect(cardText(reply.card)).toContain(t('notice_conflict'));
    expect(inputValue(reply.card, 'note')).toBe('Mijn eigen notitie');
    expect(reply.notifications ?? []).toEqual([]);
    busy.busy = false;
    expect((await rounds.get(placement.id, 1))?.round.parts.student.answers).toEqual({});
  });
});
