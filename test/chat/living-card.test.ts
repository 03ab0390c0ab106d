import { BotHarness, cardText, type TeamsUser } from '../support/bot-harness';
import { openList, placementWithPeople, submitRound } from '../support/check-in-flow';

let harness: BotHarness;
beforeAll(async () => {
  harness = await BotHarness.start();
});
afterAll(async () => {
  await harness.stop();
});

type Card = Record<string, unknown>;

/** Each message the bot posted to `user`, as it looks now: its last update, or as posted. */
function chatNow(user: TeamsUser): Card[] {
  const now = new Map<string, Card>();
  for (const call of harness.connector.sent(user.conversationId)) {
    const card = (call.body.attachments as { content: Card }[] | undefined)?.[0]?.content;
    if (card && call.activityId) now.set(call.activityId, card);
  }
  return [...now.values()];
}

const isClosed = (card: Card) => cardText(card).includes('Vervangen door je nieuwste bericht');
const isCurrent = (card: Card, round: number) =>
  (card.refresh as { action?: { data?: { r?: number } } } | undefined)?.action?.data?.r === round;
const buttons = (card: Card) => (card.actions as unknown[] | undefined) ?? [];

describe('one current card per person per round', () => {
  it('tells each person with a short notice, closes their older cards, and leaves one current card each', async () => {
    const { student, trainer, supervisor, people } = await placementWithPeople(harness);
    await submitRound({ student, trainer });

    // The supervisor is told with a notice of one button, not a copy of the list.
    const notice = supervisor.lastCard() as Card;
    expect(cardText(notice)).toContain('Nieuwe afsprakenlijst ter goedkeuring');
    expect(cardText(notice)).toContain('Versie 1 wacht op jouw besluit.');
    expect(buttons(notice)).toHaveLength(1);
    expect(cardText(notice)).not.toContain('1.1 Stelt de vraag');
    expect(JSON.stringify(notice).length).toBeLessThan(3000);

    const summary = await openList(supervisor);
    await supervisor.click(summary, 'Goedkeuren');

    for (const [user, who] of [
      [student, 'student'],
      [trainer, 'trainer'],
      [supervisor, 'supervisor'],
    ] as const) {
      const roundCards = chatNow(user).filter((card) => isCurrent(card, 1) || isClosed(card));
      expect([who, roundCards.filter((card) => isCurrent(card, 1)).length]).toEqual([who, 1]);
      for (const card of roundCards.filter(isClosed)) expect(buttons(card)).toEqual([]);
    }
    // The student's finished overview ("Tot dan kun je nog wijzigen"), the notice that the list was
    // ready and the one to agree: all closed now.
    expect(chatNow(student).filter(isClosed)).toHaveLength(3);
    expect(chatNow(student).some((card) => cardText(card).includes('nog wijzigen'))).toBe(false);
    const current = chatNow(student).find((card) => isCurrent(card, 1)) as Card;
    expect(cardText(current)).toContain('De begeleider ROC heeft jullie afsprakenlijst goedgekeurd');
    expect(current.refresh).toEqual({
      action: {
        type: 'Action.Execute',
        verb: 'refresh',
        data: expect.objectContaining({ r: 1, shape: 'card' }),
      },
      userIds: [`8:orgid:${people.student.aadObjectId}`],
    });
  });

  it('answers Teams’ refresh with the card as it is now, and nothing for someone outside the placement', async () => {
    const { student, trainer, supervisor, placementId } = await placementWithPeople(harness);
    await submitRound({ student, trainer });
    const refreshed = await trainer.execute('refresh', { p: placementId, r: 1, shape: 'card' });
    expect(cardText(refreshed.card)).toContain('De lijst ligt bij de begeleider ROC ter goedkeuring');
    const list = await supervisor.execute('refresh', { p: placementId, r: 1, shape: 'list' });
    expect(cardText(list.card)).toContain('Goedkeuren');
    // A list with something to choose or type is not refreshed under the person's hands.
    expect(list.card?.refresh).toBeUndefined();
    const readOnly = await trainer.execute('refresh', { p: placementId, r: 1, shape: 'list' });
    expect(readOnly.card?.refresh).toMatchObject({ action: { data: { shape: 'list' } } });

    const other = await placementWithPeople(harness);
    const stranger = await other.student.execute('refresh', { p: placementId, r: 1, shape: 'list' });
    expect(cardText(stranger.card)).toContain('Deze ronde kan ik niet (meer) vinden.');
    expect(cardText(stranger.card)).not.toContain('Goedkeuren');
  });
});
