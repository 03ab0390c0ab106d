import { BotHarness, cardText } from '../support/bot-harness';
import { placementWithPeople } from '../support/check-in-flow';

describe('the daily look-up of a known person', () => {
  let now = new Date('2026-11-30T09:00:00.000Z');
  let harness: BotHarness;
  beforeAll(async () => {
    harness = await BotHarness.start({ now: () => now });
  });
  afterAll(() => harness.stop());

  it('keeps a binding that still finds the person when Teams reports an address no placement has', async () => {
    const { people, student } = await placementWithPeople(harness);
    await student.say('status');
    const before = await harness.store
      .client('users')
      .getEntity<{ emailKey: string }>(people.student.aadObjectId, 'user');

    // Two days later the school has given the student a new address, not yet in the placements.
    now = new Date('2026-12-02T09:00:00.000Z');
    harness.connector.addMember({
      id: `29:${people.student.aadObjectId}`,
      aadObjectId: people.student.aadObjectId,
      name: people.student.name,
      email: 'nieuw.adres@example.org',
      userPrincipalName: 'nieuw.adres@example.org',
    });
    await student.say('status');
    expect(cardText(student.lastCard())).toContain(people.student.name);
    const after = await harness.store
      .client('users')
      .getEntity<{ emailKey: string }>(people.student.aadObjectId, 'user');
    expect(after.emailKey).toBe(before.emailKey);

    // And the day after, too: the person is still recognised.
    now = new Date('2026-12-03T09:00:00.000Z');
    await student.say('status');
    expect(cardText(student.lastCard())).toContain(people.student.name);
  });
});
