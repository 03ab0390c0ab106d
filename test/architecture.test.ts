import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

/**
 * The layering (docs/architecture.md), checked on the import statements of every file under src/:
 * use cases in services/ see storage only through the interfaces they declare, the domain stays
 * pure, the chat stays channel-neutral, and the Bot Framework SDK stays in the Teams rim, where a
 * later move to its successor can find it.
 */

const ROOT = path.resolve(__dirname, '..');

/** One import: the importing file and what it names, both relative to the repository root. */
interface Edge {
  /** `src/services/rounds.ts` */
  readonly from: string;
  /** A path without extension for a relative import (`src/storage/table-store`), else the package (`@azure/data-tables`, `node:fs`). */
  readonly to: string;
  /** True for a relative import: a file of this repository. */
  readonly local: boolean;
}

interface Rule {
  readonly name: string;
  readonly applies: (from: string) => boolean;
  readonly forbids: (edge: Edge) => boolean;
}

/** Libraries the domain may be written with: pure, without I/O (zod parses the qualification files). */
const DOMAIN_LIBRARIES: readonly string[] = ['zod'];

/**
 * Imports that break a rule today and are being moved: the use cases still in the bot move into
 * src/services/, and rounds.ts gets a port of its own. Empty this list as they go; an entry that no
 * longer matches an import fails the test, so the list only shrinks.
 */
const BEING_MOVED: readonly string[] = [];

const under = (folder: string) => (file: string) => file.startsWith(`${folder}/`);

/**
 * The modules that construct storage and wire everything (docs/architecture.md): the process
 * entry, the server and its wiring, local mode. The CLI's entry (`src/cli/cli-storage.ts`) is the
 * CLI's root; the CLI's folder has a rule of its own.
 */
const isCompositionRoot = (file: string) =>
  file === 'src/main.ts' || file === 'src/server.ts' || under('src/wiring')(file) || under('src/local')(file);

/** The storage's settings module is part of the configuration, which any module may read. */
const STORAGE_CONFIGURATION: readonly string[] = ['src/storage/storage-settings'];

/**
 * A module inside a folder of services/ other than its `index`: the use cases of a feature folder
 * are reached through its entry point (`services/reminders`), the files directly in services/ are
 * entry points themselves.
 */
const isServiceInternal = (to: string) => {
  const parts = to.split('/');
  return parts[0] === 'src' && parts[1] === 'services' && parts.length > 3 && parts.at(-1) !== 'index';
};
const isBotFramework = ({ to, local }: Edge) =>
  !local && (to === 'botbuilder' || to.startsWith('botbuilder-') || to.startsWith('botframework-'));

const RULES: readonly Rule[] = [
  {
    name: 'services import no storage, chat, Teams rim, scheduler, Bot Framework SDK or Azure SDK',
    applies: under('src/services'),
    forbids: (edge) =>
      under('src/storage')(edge.to) ||
      under('src/chat')(edge.to) ||
      under('src/teams')(edge.to) ||
      under('src/scheduler')(edge.to) ||
      isBotFramework(edge) ||
      (!edge.local && edge.to.startsWith('@azure/')),
  },
  {
    name: 'the domain imports only the domain, node built-ins and its pure libraries',
    applies: under('src/domain'),
    forbids: ({ to, local }) =>
      local ? !under('src/domain')(to) : !isBuiltin(to) && !DOMAIN_LIBRARIES.includes(to),
  },
  {
    name: 'only src/teams/ and src/server.ts import the Bot Framework SDK',
    applies: (from) => !under('src/teams')(from) && from !== 'src/server.ts',
    forbids: isBotFramework,
  },
  {
    name: 'the chat imports no Bot Framework SDK, Teams rim, storage or restify',
    applies: under('src/chat'),
    forbids: (edge) =>
      isBotFramework(edge) ||
      under('src/teams')(edge.to) ||
      under('src/storage')(edge.to) ||
      (!edge.local && edge.to === 'restify'),
  },
  {
    name: 'the Teams rim reaches storage only through services',
    applies: under('src/teams'),
    forbids: ({ to, local }) => local && under('src/storage')(to),
  },
  {
    name: 'the web page imports no Teams rim',
    applies: under('src/web'),
    forbids: ({ to, local }) => local && under('src/teams')(to),
  },
  {
    name: 'only composition roots import src/storage/',
    // services/, chat/ and teams/ have their own rules above, which forbid storage too.
    applies: (from) =>
      !isCompositionRoot(from) &&
      !['src/storage', 'src/cli', 'src/services', 'src/chat', 'src/teams'].some((folder) =>
        under(folder)(from),
      ),
    forbids: ({ to, local }) => local && under('src/storage')(to) && !STORAGE_CONFIGURATION.includes(to),
  },
  {
    name: 'the scheduler imports no storage, and of services/ only their entry points',
    applies: under('src/scheduler'),
    forbids: ({ to, local }) => local && (under('src/storage')(to) || isServiceInternal(to)),
  },
];

/** What `specifier` in `from` names: a repository path for a relative import, else a package. */
function edge(from: string, specifier: string): Edge {
  if (specifier.startsWith('.')) {
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
    return { from, to: resolved.replace(/\.(ts|js)$/, ''), local: true };
  }
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1);
  return { from, to: specifier.startsWith('node:') ? specifier : name.join('/'), local: false };
}

/** Every import, re-export, dynamic `import()` and `require()` in `text`; comments and strings are not read. */
function edgesOf(from: string, text: string): Edge[] {
  return ts.preProcessFile(text, true, true).importedFiles.map(({ fileName }) => edge(from, fileName));
}

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const file = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

const describeEdge = ({ from, to }: Edge) => `${from} -> ${to}`;

/** The imports that break `rule`, as `from -> to`. */
function offences(rule: Rule, edges: readonly Edge[]): string[] {
  return edges.filter((e) => rule.applies(e.from) && rule.forbids(e)).map(describeEdge);
}

const files = sourceFiles('src');
const edges = files.flatMap((file) => edgesOf(file, readFileSync(path.join(ROOT, file), 'utf8')));

describe('architecture', () => {
  it('reads the imports of every source file', () => {
    expect(files).toEqual(expect.arrayContaining(['src/server.ts', 'src/services/import-placements.ts']));
    // A parser that read nothing would let every rule pass.
    expect(edges).toEqual(
      expect.arrayContaining([
        { from: 'src/teams/adapter.ts', to: 'botbuilder', local: false },
        { from: 'src/services/import-placements.ts', to: 'src/domain/placement', local: true },
      ]),
    );
  });

  it.each(RULES.map((rule) => [rule.name, rule] as const))('%s', (_name, rule) => {
    const found = offences(rule, edges).filter((edge) => !BEING_MOVED.includes(edge));
    expect(found).toEqual([]);
  });

  it('lists only imports that still exist and still break a rule as being moved', () => {
    const offending = new Set(RULES.flatMap((rule) => offences(rule, edges)));
    expect(BEING_MOVED.filter((entry) => !offending.has(entry))).toEqual([]);
  });
});

/** The chat and the Teams rim sit around the use cases: a file there that grows past this holds logic that belongs in services/. */
const BOT_FILE_MAX_LINES = 300;
/** The botbuilder code: small, so that a move to the SDK's successor is a swap of this folder. */
const TEAMS_RIM_MAX_LINES = 1200;

const linesOf = (file: string) => readFileSync(path.join(ROOT, file), 'utf8').split('\n').length;

describe('the size of the rim', () => {
  it(`keeps every file in src/chat/ and src/teams/ at ${BOT_FILE_MAX_LINES} lines or fewer`, () => {
    const sizes = [...sourceFiles('src/chat'), ...sourceFiles('src/teams')].map((name) => ({
      name,
      lines: linesOf(name),
    }));
    expect(sizes.length).toBeGreaterThan(10);
    expect(sizes.filter((file) => file.lines > BOT_FILE_MAX_LINES)).toEqual([]);
  });

  it(`keeps the Teams rim (src/teams/) at ${TEAMS_RIM_MAX_LINES} lines or fewer in all`, () => {
    const files = sourceFiles('src/teams');
    expect(files.length).toBeGreaterThan(5);
    expect(files.reduce((sum, file) => sum + linesOf(file), 0)).toBeLessThanOrEqual(TEAMS_RIM_MAX_LINES);
  });
});

describe('the import rules', () => {
  const SERVICES = RULES[0]?.name;
  const DOMAIN = RULES[1]?.name;
  const BOT_FRAMEWORK = RULES[2]?.name;
  const CHAT = RULES[3]?.name;
  const TEAMS_STORAGE = RULES[4]?.name;
  const WEB = RULES[5]?.name;
  const ROOTS = RULES[6]?.name;
  const SCHEDULER = RULES[7]?.name;
  /** The rules `text` in `from` breaks. */
  const check = (from: string, text: string) =>
    RULES.filter((rule) => offences(rule, edgesOf(from, text)).length > 0).map((rule) => rule.name);

  it.each([
    [
      'src/services/x.ts',
      "import type { PlacementRepository } from '../storage/placement-repository';",
      [SERVICES],
    ],
    ['src/services/x.ts', "export { RoundRepository } from '../storage/round-repository';", [SERVICES]],
    ['src/services/x.ts', "const { TableClient } = await import('@azure/data-tables');", [SERVICES]],
    ['src/services/x.ts', "import {\n  TurnContext,\n} from 'botbuilder';", [SERVICES, BOT_FRAMEWORK]],
    ['src/services/x.ts', "import { sweep } from '../scheduler/reminder-sweep';", [SERVICES]],
    ['src/services/x.ts', "import { Verb } from '../chat/verbs';", [SERVICES]],
    ['src/services/area/x.ts', "import { TableStore } from '../../storage/table-store';", [SERVICES]],
    ['src/domain/x.ts', "import { loadConfig } from '../config';", [DOMAIN]],
    ['src/domain/x.ts', "import pino from 'pino';", [DOMAIN]],
    ['src/domain/x.ts', "import { x } from '../services/errors';", [DOMAIN]],
    ['src/cli/x.ts', "import { CloudAdapter } from 'botbuilder';", [BOT_FRAMEWORK]],
    ['src/scheduler/x.ts', "import { ConnectorClient } from 'botframework-connector';", [BOT_FRAMEWORK]],
    ['src/chat/x.ts', "import type { CardRepository } from '../storage/card-repository';", [CHAT]],
    ['src/chat/verbs/x.ts', "import { TableStore } from '../../storage/table-store';", [CHAT]],
    ['src/chat/x.ts', "import type { TurnContext } from 'botbuilder';", [BOT_FRAMEWORK, CHAT]],
    ['src/chat/x.ts', "import { senderId } from '../teams/turn-identity';", [CHAT]],
    ['src/chat/x.ts', "import type { Request } from 'restify';", [CHAT]],
    ['src/teams/x.ts', "import { CardRepository } from '../storage/card-repository';", [TEAMS_STORAGE]],
    ['src/web/x.ts', "import { BpvBot } from '../teams/bpv-bot';", [WEB]],
    [
      'src/scheduler/x.ts',
      "import { ReminderRepository } from '../storage/reminder-repository';",
      [ROOTS, SCHEDULER],
    ],
    ['src/scheduler/x.ts', "import type { TableStore } from '../storage/table-store';", [ROOTS, SCHEDULER]],
    ['src/scheduler/x.ts', "import { stillDue } from '../services/reminders/still-due';", [SCHEDULER]],
    ['src/scheduler/x.ts', "import type { RoundStore } from '../services/check-in/ports';", [SCHEDULER]],
    ['src/web/x.ts', "import { TableStore } from '../storage/table-store';", [ROOTS]],
    ['src/mail/x.ts', "export { x } from '../storage/keys';", [ROOTS]],
    ['src/delivery/x.ts', "const m = await import('../storage/reminder-repository');", [ROOTS]],
    ['src/x.ts', "import { TableStore } from './storage/table-store';", [ROOTS]],
  ])('refuses, in %s: %s', (from, text, broken) => {
    expect(check(from, text)).toEqual(broken);
  });

  it.each([
    ['src/services/x.ts', "import { ROLES } from '../domain/placement';\nimport { parse } from 'csv-parse';"],
    ['src/services/x.ts', "// import { TableStore } from '../storage/table-store';"],
    [
      'src/domain/x.ts',
      "import { createHash } from 'node:crypto';\nimport { z } from 'zod';\nimport { t } from './text';",
    ],
    [
      'src/teams/x.ts',
      "import { CloudAdapter } from 'botbuilder';\nimport { importPlacements } from '../services/import-placements';",
    ],
    [
      'src/server.ts',
      "import { CloudAdapter } from 'botbuilder';\nimport { TableStore } from './storage/table-store';",
    ],
    ['src/cli/x.ts', "import { TableStore } from '../storage/table-store';"],
    [
      'src/chat/verbs/x.ts',
      "import { answerStep } from '../../services/check-in/answer-step';\nimport { z } from 'zod';",
    ],
    ['src/web/x.ts', "import { runRoute } from '../chat/registry';\nimport restify from 'restify';"],
    ['src/teams/x.ts', "import { commandReply } from '../chat/command-reply';"],
    ['src/wiring/x.ts', "import { RoundRepository } from '../storage/round-repository';"],
    ['src/local/x.ts', "import { TableStore } from '../storage/table-store';"],
    ['src/main.ts', "import { resolveStorage } from './storage/storage-target';"],
    ['src/config.ts', "import { storageSettings } from './storage/storage-settings';"],
    ['src/storage/x.ts', "import { TableStore } from './table-store';"],
    [
      'src/scheduler/x.ts',
      "import { stillDue } from '../services/reminders';\nimport { openScheduledRound } from '../services/rounds';",
    ],
    ['src/scheduler/x.ts', "import { stillDue } from '../services/reminders/index';"],
  ])('allows, in %s: %s', (from, text) => {
    expect(check(from, text)).toEqual([]);
  });
});

/**
 * The CLI is a rim like the bot: its commands parse, call use cases and print. Only its composition
 * root constructs storage; the storage's settings module is configuration, which every layer reads.
 */
const CLI_ROOT = 'src/cli/cli-storage.ts';
const CLI_STORAGE: Rule = {
  name: `in src/cli/ only ${CLI_ROOT} imports src/storage/`,
  applies: (from) => under('src/cli')(from) && from !== CLI_ROOT,
  forbids: ({ to, local }) => local && under('src/storage')(to) && to !== 'src/storage/storage-settings',
};

describe('the CLI', () => {
  it(CLI_STORAGE.name, () => {
    expect(edges.filter((e) => e.from === CLI_ROOT && under('src/storage')(e.to)).length).toBeGreaterThan(0);
    expect(offences(CLI_STORAGE, edges)).toEqual([]);
  });

  it.each([
    ['src/cli/x.ts', "import { PlacementRepository } from '../storage/placement-repository';", true],
    ['src/cli/x.ts', "import type { TableStore } from '../storage/table-store';", true],
    ['src/cli/x.ts', "const { TableStore } = await import('../storage/table-store');", true],
    ['src/cli/area/x.ts', "import { KeyHasher } from '../../storage/keys';", true],
    [CLI_ROOT, "import { TableStore } from '../storage/table-store';", false],
    ['src/cli/x.ts', "import { MIN_EMAIL_HASH_KEY_LENGTH } from '../storage/storage-settings';", false],
    ['src/cli/x.ts', "import { listPlacements } from '../services/placement-list';", false],
    ['src/local/x.ts', "import { TableStore } from '../storage/table-store';", false],
  ])('in %s, %s breaks it: %s', (from, text, broken) => {
    expect(offences(CLI_STORAGE, edgesOf(from, text)).length > 0).toBe(broken);
  });
});
