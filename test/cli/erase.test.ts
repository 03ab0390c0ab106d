import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runPlacementsCli } from '../../src/cli/placements';
import { KeyHasher } from '../../src/storage/keys';
import { OfficeRepository } from '../../src/storage/office-repository';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { ReminderRepository } from '../../src/storage/reminder-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import { BotHarness, cardText, storageConnectionString } from '../support/bot-harness';
import { submitRound } from '../support/check-in-flow';
import { reminderServiceFor, uniqueQueueName } from '../support/reminder-scenario';
import { everything } from '../support/storage-scan';

const HEADER =
  'student_email,student_name,trainer_email,trainer_name,supervisor_email,supervisor_name,company,qualification,start_date,end_date';

const sanne = {
  aadObjectId: 'e1e1e1e1-0000-4000-8000-000000000001',
  name: 'Sanne Jansen',
  email: 'sanne.jansen@student.example.org',
};
const pieter = {
  aadObjectId: 'e1e1e1e1-0000-4000-8000-000000000002',
  name: 'Pieter de Vries',
  email: 'pieter@bedrijf.example.org',
};
const fatima = {
  aadObjectId: 'e1e1e1e1-0000-4000-8000-000000000003',
  name: 'Fatima El Amrani',
  email: 'fatima.elamrani@roc.example.org',
};
const daan = {
  aadObjectId: 'e1e1e1e1-0000-4000-8000-000000000004',
  name: 'Daan Smit',
  email: 'daan.smit@student.example.org',
};
const kim = {
  aadObjectId: 'e1e1e1e1-0000-4000-8000-000000000005',
  name: 'Kim Peters',
  email: 'kim@werk.example.org',
};

// Monday 30 November 2026, 10:00 in Amsterdam.
let clock = new Date('2026-11-30T09:00:00.000Z');
let harness: BotHarness;

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPlacementsCli(
    args,
    { STORAGE_CONNECTION_STRING: storageConnectionString(), TABLE_PREFIX: harness.tablePrefix },
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function tracesOf(person: { aadObjectId: string; name: string; email: string }): string[] {
  return [
    person.name,
    person.name.split(' ')[0] as string,
    person.email,
    person.aadObjectId,
    KeyHasher.development().emailKey(person.email),
    // A plain hash of the address, as no version writes: it must not appear either.
    createHash('sha256').update(`email:${person.email}`).digest('hex'),
  ].map((t) => t.toLowerCase());
}

let sannePlacement: string;
let daanPlacement: string;

beforeAll(async () => {
  harness = await BotHarness.start({ now: () => clock });
  const dir = mkdtempSync(path.join(tmpdir(), 'erase-'));
  const file = path.join(dir, 'placements.csv');
  const row = (s: typeof sanne, t: typeof pieter, company: string) =>
    [
      s.email,
      s.name,
      t.email,
      t.name,
      fatima.email,
      fatima.name,
      company,
      'ict-beheerder',
      '2026-09-01',
      '2027-06-30',
    ].join(',');
  writeFileSync(
    file,
    `${[HEADER, row(sanne, pieter, 'Voorbeeld ICT B.V.'), row(daan, kim, 'Smit ICT')].join('\n')}\n`,
  );
  expect((await cli('import', file)).out).toContain('nieuw: 2');

  const student = harness.user(sanne);
  const trainer = harness.user(pieter);
  const supervisor = harness.user(fatima);
  for (const user of [student, trainer, supervisor, harness.user(daan), harness.user(kim)])
    await user.install();
  await submitRound({ student, trainer }, { notes: { '2.2': 'Uitrol met het team' } });
  // Four days later the approval is overdue: a reminder for the supervisor goes into the ledger.
  clock = new Date('2026-12-03T09:00:00.000Z');
  await reminderServiceFor(harness.store, {
    queueName: uniqueQueueName('erase'),
    now: clock,
  }).runOnce(clock);
  const review = await supervisor.click(supervisor.lastCard(), `Beoordelen: ${sanne.name}`);
  await supervisor.click(review.card, 'Goedkeuren');

  const placements = new PlacementRepository(harness.store);
  sannePlacement = (await placements.rolesForEmail(sanne.email))[0]?.placement.id as string;
  daanPlacement = (await placements.rolesForEmail(daan.email))[0]?.placement.id as string;
});
afterAll(async () => {
  await harness.stop();
});

describe('npm run placements -- erase', () => {
  it('erases a supervisor everywhere; the placements stay, with a marker in their place', async () => {
    // Everything but the plain hash of earlier versions is there before.
    const before = await everything(harness.store);
    const present = tracesOf(fatima).filter((trace) => before.includes(trace));
    expect(present).toEqual(tracesOf(fatima).slice(0, 5));

    const result = await cli('erase', fatima.email);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`stage behouden, persoon vervangen door "verwijderd": ${sannePlacement}`);
    expect(result.out).toContain(`stage behouden, persoon vervangen door "verwijderd": ${daanPlacement}`);
    expect(result.out).toMatch(/herinneringsrijen 1, .*gebruikerskoppelingen 1, gespreksverwijzingen 1/);
    // The version row named her, and its decision row held her Entra id.
    expect(result.out).toMatch(/auditregels [1-9]\d*, besluiten 1, versies 2/);
    for (const trace of tracesOf(fatima)) expect(result.out.toLowerCase()).not.toContain(trace);

    const after = await everything(harness.store);
    expect(tracesOf(fatima).filter((trace) => after.includes(trace))).toEqual([]);

    // The others' records stay coherent: the student still finds her placement, its round and trail.
    const placements = new PlacementRepository(harness.store);
    const [membership] = await placements.rolesForEmail(sanne.email);
    expect(membership?.placement.supervisor).toEqual({ email: '', name: 'verwijderd' });
    expect(membership?.placement.trainer.name).toBe(pieter.name);
    const rounds = new RoundRepository(harness.store);
    const [round] = await rounds.list(sannePlacement);
    expect(round?.round.state).toBe('approved');
    expect(round?.round.decisions.map((d) => d.by)).toEqual(['verwijderd']);
    const approved = (await rounds.audit(sannePlacement)).filter((e) => e.event === 'approved');
    expect(approved).toEqual([expect.objectContaining({ actorRole: 'supervisor', actorId: 'verwijderd' })]);
    const student = harness.user(sanne);
    await student.say('status');
    expect(cardText(student.lastCard())).toContain('begeleider ROC: goedgekeurd');
  });

  it('erases a student with the whole placement, and leaves the trainer’s other records alone', async () => {
    // An export the office made but never downloaded names her too: it goes with her.
    const office = new OfficeRepository(harness.store);
    await office.saveFile('export-unused', new TextEncoder().encode(`${sanne.name};${sanne.email}`));
    const result = await cli('erase', sanne.email.toUpperCase());
    expect(await office.readFile('export-unused')).toBeUndefined();
    expect(result.out).toMatch(/bestanden van het BPV-bureau [1-9]/);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`stage verwijderd (deze persoon was de deelnemer): ${sannePlacement}`);
    expect(result.out).not.toContain(daanPlacement);
    expect(result.out).toMatch(/stage-rijen [1-9]\d*/);

    const after = await everything(harness.store);
    expect(tracesOf(sanne).filter((trace) => after.includes(trace))).toEqual([]);
    expect(after).not.toContain(sannePlacement);
    // The trainer of that placement lost only that placement.
    const placements = new PlacementRepository(harness.store);
    expect(await placements.rolesForEmail(pieter.email)).toEqual([]);
    expect(after).toContain(pieter.aadObjectId);
    expect((await placements.rolesForEmail(daan.email)).map((m) => m.placement.id)).toEqual([daanPlacement]);
  });

  it('finds nothing the second time and says so', async () => {
    const before = await everything(harness.store);
    const result = await cli('erase', sanne.email);
    expect(result.code).toBe(0);
    expect(result.out).toContain('geen stage met dit adres gevonden');
    expect(result.out).toContain(
      'verwijderd: stage-rijen 0, herinneringsrijen 0, indexrijen 0, kaarten 0, gebruikerskoppelingen 0, gespreksverwijzingen 0, bestanden van het BPV-bureau 0',
    );
    expect(await everything(harness.store)).toBe(before);
  });

  it('compares snapshots without the rate share, which a running worker renews meanwhile', async () => {
    const before = await everything(harness.store);
    // What a worker's heartbeat does every 2 s, here between the two snapshots.
    await new ReminderRepository(harness.store).claimRate('another-instance', new Date(), () => ({
      rate: 5,
      publish: 5,
      until: new Date(Date.now() + 60_000),
    }));
    expect(await everything(harness.store)).toBe(before);
  });

  it('asks for one e-mail address', async () => {
    const result = await cli('erase', 'sanne');
    expect(result.code).toBe(2);
    expect(result.err).toContain('Geef één e-mailadres op.');
  });
});
