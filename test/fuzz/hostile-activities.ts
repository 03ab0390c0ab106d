import fc from 'fast-check';
import { Verb } from '../../src/chat/verbs';
import { BOT_ID, TENANT_ID } from '../support/bot-harness';

/** Someone who can send activities: a person of the placement under test, or a stranger. */
export interface Sender {
  readonly label: string;
  readonly aadObjectId: string;
}

/** A card button seen during the run, to be clicked again (as it was, or tampered with). */
export interface SeenAction {
  readonly verb: string;
  readonly data: Record<string, unknown>;
}

/**
 * The buttons seen so far, without repeats, check-in buttons (those naming a placement) apart
 * from navigation ones, so a replay mostly hits a handler that can change something.
 */
export class ActionPool {
  private readonly seen = new Set<string>();
  private readonly checkIn: SeenAction[] = [];
  private readonly navigation: SeenAction[] = [];

  constructor(private readonly limit: number) {}

  add(action: SeenAction): void {
    const key = JSON.stringify(action);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const list = 'p' in action.data ? this.checkIn : this.navigation;
    // Once full, newer buttons replace older ones: later rounds and versions keep coming in.
    if (list.length < this.limit) list.push(action);
    else list[this.seen.size % this.limit] = action;
  }

  pick(index: number, checkIn: boolean): SeenAction | undefined {
    const list = checkIn && this.checkIn.length > 0 ? this.checkIn : this.navigation;
    return list[index % Math.max(1, list.length)];
  }

  get size(): number {
    return this.checkIn.length + this.navigation.length;
  }
}

/** A card's buttons and the current values of its inputs, as Teams holds them for a person. */
export interface HeldCard {
  readonly actions: readonly SeenAction[];
  readonly inputs: Readonly<Record<string, string>>;
}

/** What the generators draw from; `pool` and `held` change while the run goes on. */
export interface FuzzWorld {
  /** The last card with buttons each sender got, by sender index. */
  readonly held: Map<number, HeldCard>;
  readonly serviceUrl: string;
  /** Placements whose ids are thrown around: the senders' own and others'. */
  readonly placementIds: readonly string[];
  readonly senders: readonly Sender[];
  readonly pool: ActionPool;
}

/** One generated activity, kept as a description so a failure prints something readable. */
export interface HostileStep {
  readonly sender: number;
  readonly envelope: Envelope;
  readonly body: Body;
}

type Envelope =
  | 'teams'
  | 'no-from'
  | 'from-without-aad'
  | { aad: unknown }
  | 'no-conversation'
  | 'group-chat'
  | 'channel'
  | 'no-channel-data'
  | 'other-tenant'
  | { locale: unknown }
  | { entities: unknown }
  | { channelData: unknown }
  | {
      field: 'from.name' | 'from.id' | 'recipient' | 'conversation.tenantId' | 'conversation.isGroup';
      value: unknown;
    }
  | 'no-entities'
  | { replyToId: unknown };

type Body =
  /** What the sender's own Teams would send: a button of the last card it was given, inputs filled in. */
  | { type: 'click'; button: number; inputs: Readonly<Record<string, string>> }
  | { type: 'message'; text: unknown; value?: unknown }
  | { type: 'invoke'; name: string; value: InvokeValue }
  | { type: 'installationUpdate'; action: unknown }
  | { type: 'conversationUpdate'; membersAdded: unknown; membersRemoved?: unknown }
  | { type: 'other'; activityType: string };

type InvokeValue =
  | { kind: 'execute'; verb: unknown; keepVerb: boolean; data: ActionData; actionType: unknown }
  | { kind: 'raw'; value: unknown };

type ActionData =
  | {
      from: 'pool';
      index: number;
      checkIn: boolean;
      inputs: Readonly<Record<string, string>>;
      mutations: readonly { key: string; value: unknown }[];
    }
  | { from: 'literal'; data: unknown };

const PROTOTYPE_NAMES = [
  'constructor',
  'toString',
  '__proto__',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  '__defineGetter__',
  'propertyIsEnumerable',
  'toLocaleString',
  'prototype',
];

/** Objects shaped to pollute a prototype when merged carelessly; `__proto__` as an own key, as JSON.parse makes it. */
const POLLUTION: unknown[] = [
  JSON.parse('{"__proto__":{"polluted":"yes","isAdmin":true}}'),
  { constructor: { prototype: { polluted: 'yes' } } },
  JSON.parse('{"__proto__":{"p":"00000000000000000000000000000000","role":"supervisor"}}'),
  JSON.parse('{"a":{"__proto__":{"polluted":"yes"}}}'),
];

/** Template-expression text, as a person could type it into a card input. */
const TEMPLATE = (expression: string) => `$${'{'}${expression}}`;

const CONTROL_AND_BIDI = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\u001b[31m',
  '\r\n',
  '\u2028',
  '\u2029',
  '\u200b',
  '\u200d',
  '\u202a',
  '\u202b',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\ufeff',
  '\ufffe',
  '\ud800',
  '\udfff',
  '😀',
  'é',
  TEMPLATE('student'),
  TEMPLATE('$root'),
  '{{DATE(2017-02-14T06:08:39Z, SHORT)}}',
  '<at>BPV</at>',
  '**vet**',
  '[link](https://example.org)',
  '<script>alert(1)</script>',
  '%s%n',
  "'; DROP TABLE x; --",
  "PartitionKey eq 'x' or true",
  '|',
  '/',
  '\\',
  '#',
  '?',
];

const hugeString = fc
  .tuple(
    fc.constantFrom('a', 'é', '😀', '\u202e', '\u0000', TEMPLATE('x'), 'ab|'),
    fc.integer({ min: 100_000, max: 140_000 }),
  )
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

const oddString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(fc.constantFrom(...CONTROL_AND_BIDI), { minLength: 1, maxLength: 12 })
    .map((parts) => parts.join('')),
  fc.constantFrom(...PROTOTYPE_NAMES),
);

/** A value of any type Teams could never send, mixed with the ones it does. */
function hostileValue(world: FuzzWorld): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...world.placementIds) },
    { weight: 1, arbitrary: fc.constantFrom(...world.placementIds.map((id) => id.toUpperCase())) },
    { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-f]{32}$/) },
    { weight: 3, arbitrary: fc.integer({ min: -3, max: 120 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(0.5, -0, 1e21, -1e21, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308),
    },
    { weight: 3, arbitrary: fc.constantFrom('student', 'trainer', 'supervisor', 'next', 'back', 'stay') },
    { weight: 2, arbitrary: fc.constantFrom('Bg', 'G', 'Bk', 'nvt', 'x', '', ' ') },
    { weight: 3, arbitrary: oddString },
    { weight: 1, arbitrary: hugeString },
    { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
    { weight: 1, arbitrary: fc.constantFrom(...POLLUTION) },
    { weight: 1, arbitrary: fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 8 })), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

const DATA_KEYS = [
  'p',
  'r',
  'role',
  'v',
  's',
  'nav',
  'version',
  'level',
  'note',
  'text',
  'remark',
  'items',
  'lvl_1.1',
  'lvl_4.2',
  'txt_1',
  'txt_4',
  ...PROTOTYPE_NAMES,
];

function actionData(world: FuzzWorld): fc.Arbitrary<ActionData> {
  const value = hostileValue(world);
  const snoozeItems = fc
    .array(
      fc.record({
        p: fc.oneof(fc.constantFrom(...world.placementIds), value),
        item: fc.oneof(
          fc
            .tuple(
              fc.constantFrom(...world.placementIds),
              fc.integer({ min: 0, max: 3 }),
              fc.constantFrom('part', 'settle', 'confirm', 'review', 'x'),
              fc.constantFrom('student', 'trainer', 'supervisor', 'x'),
              fc.oneof(fc.constant('2026-09-01T00:00:00.000Z'), oddString),
            )
            .map(([p, r, kind, role, since]) => `${p}|${r}|${kind}|${role}|${since}`),
          value,
        ),
      }),
      { minLength: 0, maxLength: 3 },
    )
    .map((items) => ({ items }));
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        from: fc.constant('pool' as const),
        index: fc.nat(),
        checkIn: fc.oneof(
          { weight: 4, arbitrary: fc.constant(true) },
          { weight: 1, arbitrary: fc.constant(false) },
        ),
        // What Teams merges in from the card's inputs, as a person would fill them in.
        inputs: fc.dictionary(
          fc.constantFrom('level', 'note', 'text', 'remark', 'lvl_1.1', 'lvl_1.2', 'txt_1'),
          fc.oneof(fc.constantFrom('Bg', 'G', 'Bk', 'nvt'), fc.string({ maxLength: 30 })),
          { maxKeys: 3 },
        ),
        // A third are replayed untouched: a valid click must get through for the refusals to mean anything.
        mutations: fc.oneof(
          fc.constant([]),
          fc.array(fc.record({ key: fc.constantFrom(...DATA_KEYS), value }), { minLength: 1, maxLength: 3 }),
          fc.array(fc.record({ key: fc.constantFrom(...DATA_KEYS), value }), { minLength: 1, maxLength: 3 }),
        ),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        from: fc.constant('literal' as const),
        data: fc.oneof(
          snoozeItems,
          fc.dictionary(fc.constantFrom(...DATA_KEYS), value, { maxKeys: 6 }),
          value,
          fc.constantFrom(...POLLUTION),
        ),
      }),
    },
  );
}

function verbName(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...Object.values(Verb)) },
    { weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES) },
    { weight: 1, arbitrary: fc.constantFrom('OPEN', 'Answer', ' start', 'start ', 'unknown', '') },
    { weight: 1, arbitrary: oddString },
    { weight: 1, arbitrary: hugeString },
    { weight: 1, arbitrary: fc.constantFrom(['open'], ['answer'], 7, null, true, { verb: 'open' }) },
  );
}

function invokeValue(world: FuzzWorld): fc.Arbitrary<InvokeValue> {
  return fc.oneof(
    {
      weight: 12,
      arbitrary: fc.record({
        kind: fc.constant('execute' as const),
        verb: verbName(),
        keepVerb: fc.oneof(
          { weight: 3, arbitrary: fc.constant(true) },
          { weight: 1, arbitrary: fc.constant(false) },
        ),
        data: actionData(world),
        actionType: fc.oneof(
          { weight: 12, arbitrary: fc.constant('Action.Execute') },
          { weight: 1, arbitrary: fc.constantFrom('Action.Submit', 'action.execute', undefined, 5) },
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('raw' as const),
        value: fc.oneof(
          fc.constantFrom(undefined, null, 'text', 42, [], {}, { action: null }, { action: 'open' }),
          fc.constantFrom(...POLLUTION),
          fc.record({ action: fc.record({ type: fc.constant('Action.Execute'), verb: verbName() }) }),
        ),
      }),
    },
  );
}

const envelope: fc.Arbitrary<Envelope> = fc.oneof(
  { weight: 40, arbitrary: fc.constant('teams' as const) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'no-from' as const,
      'from-without-aad' as const,
      'no-conversation' as const,
      'group-chat' as const,
      'channel' as const,
      'no-channel-data' as const,
      'other-tenant' as const,
      'no-entities' as const,
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      aad: fc.oneof(
        fc.constantFrom(7, true, ['x'], { id: 'x' }, '', ...PROTOTYPE_NAMES),
        oddString,
        fc.uuid(),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ locale: fc.oneof(fc.constantFrom('en-US', 'de', 'xx', 5, null), oddString) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      entities: fc.oneof(
        fc.constantFrom(
          'clientInfo',
          5,
          null,
          [null],
          [{ type: 'clientInfo', locale: 7 }],
          [{ type: 'mention' }],
        ),
        fc.jsonValue({ maxDepth: 2 }),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ replyToId: fc.oneof(oddString, hugeString, fc.constantFrom(5, null)) }),
  },
);

function body(world: FuzzWorld): fc.Arbitrary<Body> {
  const messageText = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom('start', 'status', 'help', 'overzicht', 'hallo', '?', '/start!'),
    },
    { weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES) },
    { weight: 3, arbitrary: oddString },
    { weight: 1, arbitrary: hugeString },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, 5, ['start'], { text: 'start' }, '') },
    { weight: 1, arbitrary: oddString.map((s) => `<at>BPV</at> ${s}`) },
  );
  const typed = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('Bg', 'G', 'Bk', 'nvt') },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
    { weight: 1, arbitrary: oddString },
  );
  return fc.oneof(
    {
      weight: 20,
      arbitrary: fc.record({
        type: fc.constant('click' as const),
        button: fc.nat(),
        // A level is chosen on most step cards; the other inputs now and then.
        inputs: fc
          .tuple(
            typed,
            fc.dictionary(fc.constantFrom('note', 'text', 'remark', 'lvl_1.1', 'lvl_2.3', 'txt_1'), typed, {
              maxKeys: 1,
            }),
          )
          .map(([level, other]) => ({ level, ...other })),
      }),
    },
    { weight: 4, arbitrary: fc.record({ type: fc.constant('message' as const), text: messageText }) },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('message' as const),
        text: messageText,
        value: fc.oneof(hostileValue(world), fc.constantFrom(...POLLUTION)),
      }),
    },
    {
      weight: 10,
      arbitrary: fc.record({
        type: fc.constant('invoke' as const),
        name: fc.constant('adaptiveCard/action'),
        value: invokeValue(world),
      }),
    },
    {
      // Invokes the app does not offer (no tabs, task modules or message extensions in its manifest).
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('invoke' as const),
        name: fc.constantFrom(
          'task/fetch',
          'task/submit',
          'composeExtension/query',
          'composeExtension/submitAction',
          'signin/verifyState',
          'signin/tokenExchange',
          'fileConsent/invoke',
          'actionableMessage/executeAction',
          'config/fetch',
          'tab/fetch',
          'application/search',
          'healthCheck',
          'unknown/name',
          '',
        ),
        value: fc.record({
          kind: fc.constant('raw' as const),
          value: fc.oneof(hostileValue(world), fc.constantFrom(...POLLUTION)),
        }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('installationUpdate' as const),
        action: fc.oneof(
          fc.constantFrom('add', 'remove', 'add-upgrade', 'remove-upgrade'),
          hostileValue(world),
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          type: fc.constant('conversationUpdate' as const),
          membersAdded: fc.oneof(
            fc.constant([{ id: BOT_ID }]),
            fc.constant([{ id: '29:someone' }, { id: BOT_ID, name: TEMPLATE('x') }]),
            hostileValue(world),
          ),
          membersRemoved: fc.oneof(fc.constant([{ id: BOT_ID }]), hostileValue(world)),
        },
        { requiredKeys: ['type', 'membersAdded'] },
      ),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('other' as const),
        activityType: fc.constantFrom(
          'typing',
          'messageReaction',
          'messageUpdate',
          'messageDelete',
          'event',
          'endOfConversation',
          'invoke',
          'unknownType',
          ...PROTOTYPE_NAMES,
        ),
      }),
    },
  );
}

/** One hostile activity by one of the world's senders. */
export function hostileStep(world: FuzzWorld): fc.Arbitrary<HostileStep> {
  return fc.record({
    sender: fc.nat({ max: world.senders.length - 1 }),
    envelope,
    body: body(world),
  });
}

function resolveData(world: FuzzWorld, data: ActionData): { verb?: string; data: unknown } {
  if (data.from === 'literal') return { data: data.data };
  const seen = world.pool.pick(data.index, data.checkIn);
  if (!seen) return { data: {} };
  const tampered: Record<string, unknown> = { ...seen.data, ...data.inputs };
  for (const { key, value } of data.mutations) {
    // defineProperty, so a `__proto__` key becomes an own key as JSON.parse would make it.
    Object.defineProperty(tampered, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return { verb: seen.verb, data: tampered };
}

/** The Teams-shaped activity a step describes, with a unique id. */
export function toActivity(world: FuzzWorld, step: HostileStep, id: string): Record<string, unknown> {
  const sender = world.senders[step.sender] as Sender;
  const locale = 'nl-NL';
  const activity: Record<string, unknown> = {
    id,
    timestamp: new Date().toISOString(),
    serviceUrl: world.serviceUrl,
    channelId: 'msteams',
    from: { id: `29:${sender.aadObjectId}`, name: 'Iemand', aadObjectId: sender.aadObjectId },
    conversation: {
      conversationType: 'personal',
      tenantId: TENANT_ID,
      id: `a:personal-${sender.aadObjectId}`,
    },
    recipient: { id: BOT_ID, name: 'BPV-afspraken' },
    locale,
    channelData: { tenant: { id: TENANT_ID } },
    entities: [{ type: 'clientInfo', locale, country: 'NL', platform: 'Web' }],
  };
  const e = step.envelope;
  if (e === 'no-from') delete activity.from;
  else if (e === 'from-without-aad') activity.from = { id: `29:${sender.aadObjectId}`, name: 'Iemand' };
  else if (e === 'no-conversation') delete activity.conversation;
  else if (e === 'group-chat' || e === 'channel')
    activity.conversation = { conversationType: e === 'group-chat' ? 'groupChat' : 'channel', id: '19:x' };
  else if (e === 'no-channel-data') delete activity.channelData;
  else if (e === 'other-tenant') activity.channelData = { tenant: { id: 'another-tenant' } };
  else if (e === 'no-entities') delete activity.entities;
  else if (typeof e === 'object' && 'aad' in e)
    activity.from = { id: `29:${sender.aadObjectId}`, name: 'Iemand', aadObjectId: e.aad };
  else if (typeof e === 'object' && 'locale' in e) activity.locale = e.locale;
  else if (typeof e === 'object' && 'entities' in e) activity.entities = e.entities;
  else if (typeof e === 'object' && 'channelData' in e) activity.channelData = e.channelData;
  else if (typeof e === 'object' && 'field' in e) {
    const from = activity.from as Record<string, unknown>;
    const conversation = activity.conversation as Record<string, unknown>;
    if (e.field === 'from.name') from.name = e.value;
    else if (e.field === 'from.id') from.id = e.value;
    else if (e.field === 'recipient') activity.recipient = e.value;
    else if (e.field === 'conversation.tenantId') conversation.tenantId = e.value;
    else conversation.isGroup = e.value;
  } else if (typeof e === 'object' && 'replyToId' in e) activity.replyToId = e.replyToId;

  const b = step.body;
  switch (b.type) {
    case 'message':
      return { ...activity, type: 'message', text: b.text, ...('value' in b ? { value: b.value } : {}) };
    case 'installationUpdate':
      return { ...activity, type: 'installationUpdate', action: b.action };
    case 'conversationUpdate':
      return {
        ...activity,
        type: 'conversationUpdate',
        membersAdded: b.membersAdded,
        ...('membersRemoved' in b ? { membersRemoved: b.membersRemoved } : {}),
      };
    case 'other':
      return { ...activity, type: b.activityType };
    case 'click': {
      const held = world.held.get(step.sender);
      const button = held?.actions[b.button % held.actions.length] ?? { verb: 'start', data: {} };
      return {
        ...activity,
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: {
            type: 'Action.Execute',
            id: `action-${id}`,
            verb: button.verb,
            data: { ...button.data, ...held?.inputs, ...b.inputs },
          },
          trigger: 'manual',
        },
      };
    }
    case 'invoke': {
      if (b.value.kind === 'raw') return { ...activity, type: 'invoke', name: b.name, value: b.value.value };
      const resolved = resolveData(world, b.value.data);
      // A replay keeps its button's verb, or gets one drawn at random.
      const verb = b.value.keepVerb && resolved.verb !== undefined ? resolved.verb : b.value.verb;
      return {
        ...activity,
        type: 'invoke',
        name: b.name,
        value: {
          action: {
            type: b.value.actionType,
            id: `action-${id}`,
            verb,
            data: resolved.data,
          },
          trigger: 'manual',
        },
      };
    }
  }
}

/** The values a card's inputs hold, by input id: Teams sends them along with a button's data. */
export function inputsOf(card: unknown): Record<string, string> {
  const inputs: Record<string, string> = {};
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (
        typeof record.type === 'string' &&
        record.type.startsWith('Input.') &&
        typeof record.id === 'string'
      )
        inputs[record.id] = typeof record.value === 'string' ? record.value : '';
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return inputs;
}

/** The `Action.Execute` buttons of a card, to click again later. */
export function actionsOf(card: unknown): SeenAction[] {
  const found: SeenAction[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.Execute' && typeof record.verb === 'string') {
        found.push({ verb: record.verb, data: (record.data as Record<string, unknown>) ?? {} });
      }
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return found;
}
