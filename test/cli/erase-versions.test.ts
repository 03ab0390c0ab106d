import { runPlacementsCli } from '../../src/cli/placements';
import { RoundRepository } from '../../src/storage/round-repository';
import { BotHarness, cardText, storageConnectionString } from '../support/bot-harness';
import { openList, placementWithPeople, settleInputs, submitRound } from '../support/check-in-flow';
import { everything } from '../support/storage-scan';

let harness: BotHarness;

beforeAll(async () => {
  harness = await BotHarness.start();
});
afterAll(async () => {
  await harness.stop();
});

async function erase(email: string) {
  const out: string[] = [];
  const code = await runPlacementsCli(
    ['erase', email],
    { STORAGE_CONNECTION_STRING: storageConnectionString(), TABLE_PREFIX: harness.tablePrefix },
    (line) => out.push(line),
    () => undefined,
  );
  return { code, out: out.join('\n') };
}

describe('erasing a trainer or supervisor from stored agreement versions', () => {
  it('replaces their names and Entra ids in every version and decision; the record stays readable', async () => {
    const { placementId, student, trainer, supervisor, people } = await placementWithPeople(harness);
    await submitRound({ student, trainer }, { trainerLevels: { '3.5': 'nvt' } });
    await supervisor.click(await openList(supervisor), 'Terugsturen met opmerking', {
      remark: '3.5 kan wel',
    });
    const card = await openList(trainer);
    await trainer.click(card, 'Vaststellen en naar deelnemer sturen', settleInputs(card, { 'lvl_3.5': 'G' }));
    await student.click(await openList(student), 'Akkoord');
    await supervisor.click(await openList(supervisor), 'Goedkeuren');

    const rounds = new RoundRepository(harness.store);
    const before = await rounds.versions(placementId);
    expect(before.map((v) => v.version.settled?.by)).toEqual([
      people.trainer.aadObjectId,
      people.trainer.aadObjectId,
    ]);

    const trainerErased = await erase(people.trainer.email);
    expect(trainerErased.code).toBe(0);
    // Two versions named the trainer and held their Entra id as the one who settled.
    expect(trainerErased.out).toMatch(/versies 4/);
    const supervisorErased = await erase(people.supervisor.email);
    // Two versions named the supervisor; two decision rows held their Entra id.
    expect(supervisorErased.out).toMatch(/versies 4/);

    const stored = await everything(harness.store);
    for (const who of [people.trainer, people.supervisor]) {
      for (const trace of [who.name, who.email, who.aadObjectId])
        expect(stored).not.toContain(trace.toLowerCase());
    }

    const after = await rounds.versions(placementId);
    expect(
      after.map(({ version: v, decision }) => [
        v.version,
        v.header.trainerName,
        v.header.supervisorName,
        v.header.studentName,
        v.settled?.by,
        v.confirmed.by,
        v.levels['3.5'],
        decision?.outcome,
        decision?.by,
      ]),
    ).toEqual([
      [
        1,
        'verwijderd',
        'verwijderd',
        people.student.name,
        'verwijderd',
        people.student.aadObjectId,
        'nvt',
        'changes_requested',
        'verwijderd',
      ],
      [
        2,
        'verwijderd',
        'verwijderd',
        people.student.name,
        'verwijderd',
        people.student.aadObjectId,
        'G',
        'approved',
        'verwijderd',
      ],
    ]);
    // Apart from the people taken out, each version says what it said before.
    expect(after.map((v) => v.version.levels)).toEqual(before.map((v) => v.version.levels));
    expect(after.map((v) => v.decision?.remark)).toEqual(['3.5 kan wel', undefined]);
    expect((await rounds.get(placementId, 1))?.round.settled?.by).toBe('verwijderd');

    const version1 = await student.execute('version', { p: placementId, r: 1, v: 1 });
    const text = cardText(version1.card);
    expect(text).toContain('Praktijkopleider\nverwijderd');
    expect(text).toContain('Begeleider ROC\nverwijderd');
    expect(text).toContain('3.5 kan wel');
  });
});
