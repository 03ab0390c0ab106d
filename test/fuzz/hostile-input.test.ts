import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { CARD_CONTENT_TYPE } from '../../src/chat/cards';
import { createLogger } from '../../src/logger';
import { parseWarnings } from '../support/adaptive-cards';
import { BotHarness } from '../support/bot-harness';
import { placementWithPeople, startCard, submitRound } from '../support/check-in-flow';
import {
  ActionPool,
  actionsOf,
  type FuzzWorld,
  type HostileStep,
  hostileStep,
  inputsOf,
  toActivity,
} from './hostile-activities';
import { boundIds, peopleTable, placementPartition, userBindings } from './storage-snapshot';

// Each run is one batch of 1–6 activities. `npm test` keeps it short; `npm run fuzz` runs ~20,000 activities.
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const PATH = process.env.FUZZ_PATH;
const POOL_LIMIT = 400;

/** Log lines at error level or above: an unexpected exception somewhere in a turn. */
const errors: Record<string, unknown>[] = [];
const logStream = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n')) {
      if (!line) continue;
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (typeof entry.level === 'number' && entry.level >= 50) errors.push(entry);
    }
    done();
  },
});

let harness: BotHarness;
let world: FuzzWorld;
let placementA: string;
let placementB: string;
let legitimateIds: Record<string, Record<'student' | 'trainer' | 'supervisor', string>>;
let memberEmailKeys: Set<string>;
let membersOfA: Set<string>;

beforeAll(async () => {
  harness = await BotHarness.start({ logger: createLogger('warn', logStream) });
  // Placement B goes all the way to the supervisor, so every kind of button exists for it.
  const b = await placementWithPeople(harness);
  await submitRound(b);
  const a = await placementWithPeople(harness);
  await startCard(a.student);
  await startCard(a.trainer);
  await a.supervisor.say('status');
  placementA = a.placementId;
  placementB = b.placementId;
  legitimateIds = {
    [placementA]: {
      student: a.people.student.aadObjectId,
      trainer: a.people.trainer.aadObjectId,
      supervisor: a.people.supervisor.aadObjectId,
    },
    [placementB]: {
      student: b.people.student.aadObjectId,
      trainer: b.people.trainer.aadObjectId,
      supervisor: b.people.supervisor.aadObjectId,
    },
  };
  memberEmailKeys = new Set(
    [...Object.values(a.people), ...Object.values(b.people)].map((person) =>
      harness.store.keys.emailKey(person.email),
    ),
  );
  membersOfA = new Set(Object.values(a.people).map((person) => person.aadObjectId));

  // Strangers: one Teams knows with an address no placement has, one without an address, one unknown to the roster.
  const known = { aadObjectId: randomUUID(), name: 'Onbekend', email: `onbekend.${Date.now()}@example.org` };
  harness.user(known);
  const noAddress = { aadObjectId: randomUUID(), name: 'Zonder adres' };
  harness.user(noAddress);
  const unknown = { aadObjectId: randomUUID() };

  const pool = new ActionPool(POOL_LIMIT);
  for (const { card } of harness.connector.postedCards())
    for (const action of actionsOf(card)) pool.add(action);
  // Each of A's people holds the last card the bot gave them, as in Teams.
  const held = new Map<number, { actions: ReturnType<typeof actionsOf>; inputs: Record<string, string> }>();
  for (const [index, user] of [a.student, a.trainer, a.supervisor].entries()) {
    const card = user.lastCard();
    if (card) held.set(index, { actions: actionsOf(card), inputs: inputsOf(card) });
  }
  world = {
    held,
    serviceUrl: harness.connector.url,
    placementIds: [placementA, placementB],
    senders: [
      { label: 'student A', aadObjectId: a.people.student.aadObjectId },
      { label: 'trainer A', aadObjectId: a.people.trainer.aadObjectId },
      { label: 'supervisor A', aadObjectId: a.people.supervisor.aadObjectId },
      { label: 'stranger with an address', aadObjectId: known.aadObjectId },
      { label: 'stranger without an address', aadObjectId: noAddress.aadObjectId },
      { label: 'stranger not in the roster', aadObjectId: unknown.aadObjectId },
    ],
    pool,
  };
}, 120_000);

afterAll(async () => {
  await harness?.stop();
});

async function post(activity: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${harness.bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Kept as text: the assertion below shows it.
  }
  return { status: response.status, body };
}

function describeAnswer(
  activity: Record<string, unknown>,
  answer: { status: number; body: unknown },
): string {
  const shown = JSON.stringify({
    type: activity.type,
    name: activity.name,
    value: activity.value,
    text: activity.text,
  });
  return `${answer.status} ${JSON.stringify(answer.body)?.slice(0, 400)} for ${shown.slice(0, 600)}`;
}

/** What every activity from the Bot Framework connector carries. */
function isEnvelope(activity: Record<string, unknown>): boolean {
  const text = (value: unknown) => typeof value === 'string' && value.length > 0;
  const withId = (value: unknown) =>
    typeof value === 'object' && value !== null && text((value as { id?: unknown }).id);
  let url = false;
  try {
    url = text(activity.serviceUrl) && Boolean(new URL(activity.serviceUrl as string));
  } catch {
    url = false;
  }
  return (
    text(activity.type) &&
    text(activity.channelId) &&
    url &&
    withId(activity.from) &&
    withId(activity.conversation)
  );
}

/** No 5xx; an invoke is answered with a valid card, or refused with a proper 4xx. */
function checkAnswer(activity: Record<string, unknown>, answer: { status: number; body: unknown }): void {
  const what = describeAnswer(activity, answer);
  // An invoke kind the app does not offer gets the Bot Framework's 501 ("not implemented"); the
  // card actions it does offer, and every other activity, never get a 5xx.
  const offered = activity.type !== 'invoke' || activity.name === 'adaptiveCard/action';
  if (answer.status === 501 && !offered) return;
  if (answer.status >= 500) throw new Error(`server error: ${what}`);
  if (answer.status === 413) return; // over the body limit: refused before any handler
  if (answer.status === 400 && (answer.body as { code?: string } | undefined)?.code === 'NotAnActivity') {
    // Refused at the door, before any handler: right only for an envelope that lacks what every
    // connector activity carries.
    if (isEnvelope(activity)) throw new Error(`a whole activity refused as none: ${what}`);
    return;
  }
  if (activity.type !== 'invoke') {
    if (answer.status !== 200) throw new Error(`unexpected status: ${what}`);
    return;
  }
  const body = answer.body as { statusCode?: number; type?: string; value?: unknown } | undefined;
  if (answer.status === 200) {
    if (body?.statusCode !== 200 || body.type !== CARD_CONTENT_TYPE || !body.value)
      throw new Error(`invoke answered without a card: ${what}`);
    const warnings = parseWarnings(body.value);
    if (warnings.length > 0) throw new Error(`invalid card (${warnings.join('; ')}): ${what}`);
    const size = Buffer.byteLength(JSON.stringify(body.value));
    if (size > 40 * 1024) throw new Error(`card of ${size} bytes: ${what}`);
    for (const action of actionsOf(body.value)) world.pool.add(action);
    return;
  }
  if (answer.status === 400 && body?.statusCode === 400 && body.type === 'application/vnd.microsoft.error')
    return;
  if (!offered && answer.status >= 400 && answer.status < 500) return;
  throw new Error(`invoke refused without a proper invoke response: ${what}`);
}

let sequence = 0;

/** Long strings shown by their start and length, so a failure stays readable. */
function abbreviate(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'string' && v.length > 120 ? `${v.slice(0, 40)}… (${v.length} chars)` : v,
  );
}

/** A failure names its seed and path: FUZZ_SEED and FUZZ_PATH replay it. */
function report(details: fc.RunDetails<[HostileStep[], boolean]>): void {
  if (!details.failed) return;
  const cause =
    details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    [
      `Hostile input failed after ${details.numRuns} batches (${details.numShrinks} shrinks).`,
      `Replay the run: FUZZ_SEED=${details.seed} FUZZ_RUNS=${RUNS} npx jest test/fuzz`,
      // The batch alone may pass on a fresh bot when it needed what earlier batches stored.
      `Replay the shrunk batch: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath ?? ''} npx jest test/fuzz`,
      `Batch: ${abbreviate(details.counterexample)}`,
      `Cause: ${cause.slice(0, 3000)}`,
    ].join('\n'),
  );
}

async function runBatch(steps: readonly HostileStep[], together: boolean): Promise<void> {
  const [beforeB, beforeA, beforePeople] = await Promise.all([
    placementPartition(harness.store, placementB),
    placementPartition(harness.store, placementA),
    peopleTable(harness.store),
  ]);
  const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).join();
  const errorsBefore = errors.length;

  const activities = steps.map((step) => {
    sequence += 1;
    return toActivity(world, step, `fuzz-${sequence}`);
  });
  const send = async (activity: Record<string, unknown>, i: number) => {
    const answer = await post(activity);
    checkAnswer(activity, answer);
    const card =
      activity.type === 'invoke' ? (answer.body as { value?: unknown } | undefined)?.value : undefined;
    const sender = steps[i]?.sender ?? 0;
    if (card && actionsOf(card).length > 0)
      world.held.set(sender, { actions: actionsOf(card), inputs: inputsOf(card) });
  };
  if (together) await Promise.all(activities.map(send));
  else for (const [i, activity] of activities.entries()) await send(activity, i);
  await harness.bot.idle();

  const health = await fetch(`${harness.bot.url}/healthz`);
  expect(health.status).toBe(200);
  expect(Object.getOwnPropertyNames(Object.prototype).join()).toBe(prototypeBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  const unexpected = errors.slice(errorsBefore);
  if (unexpected.length > 0) throw new Error(`error logged: ${JSON.stringify(unexpected[0]).slice(0, 800)}`);

  // Nobody here belongs to placement B: not one of its rows, nor an ETag, may change.
  expect(await placementPartition(harness.store, placementB)).toEqual(beforeB);
  // Strangers alone change nothing of placement A either.
  const afterA = await placementPartition(harness.store, placementA);
  if (!steps.some((step) => membersOfA.has(world.senders[step.sender]?.aadObjectId ?? '')))
    expect(afterA).toEqual(beforeA);
  expect(await peopleTable(harness.store)).toEqual(beforePeople);
  for (const id of [placementA, placementB]) {
    const bound = await boundIds(harness.store, id);
    for (const [role, aadObjectId] of Object.entries(bound))
      if (aadObjectId !== undefined)
        expect({ id, role, aadObjectId }).toEqual({
          id,
          role,
          aadObjectId: legitimateIds[id]?.[role as 'student'],
        });
  }
  const legit = new Set(Object.values(legitimateIds).flatMap((ids) => Object.values(ids)));
  for (const [aadObjectId, key] of await userBindings(harness.store))
    if (!legit.has(aadObjectId) && memberEmailKeys.has(key))
      throw new Error(`a stranger (${aadObjectId}) was bound to a placement member's address`);
}

describe('hostile Teams activities against the running bot', () => {
  it(
    `stay answered, keep the bot up and never touch another placement (${RUNS} batches)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(hostileStep(world), { minLength: 1, maxLength: 6 }),
          fc.boolean(),
          (steps, together) => runBatch(steps, together),
        ),
        {
          numRuns: RUNS,
          ...(SEED !== undefined ? { seed: SEED } : {}),
          ...(PATH ? { path: PATH } : {}),
          reporter: report,
        },
      );
      // The refusals above are not a bot that refuses everything: after the run, the same bot still
      // takes a real step (whether the random batches happened to change placement A is chance).
      const c = await placementWithPeople(harness);
      const card = await startCard(c.student);
      const before = await placementPartition(harness.store, c.placementId);
      await c.student.click(card, 'Volgende', { level: 'G' });
      expect(await placementPartition(harness.store, c.placementId)).not.toEqual(before);
    },
    Math.max(120_000, RUNS * 2_000),
  );
});
