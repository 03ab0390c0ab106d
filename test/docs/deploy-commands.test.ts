import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { projectRoot } from '../../src/project-root';

const ROOT = projectRoot();
const GUIDE = readFileSync(path.join(ROOT, 'docs', 'deploy.md'), 'utf8');

const MARK = /\[(by hand|test: ([^\],]+)[^\]]*)\]/g;
/** What a command in the guide starts with. */
const COMMAND = /^((az|npm|curl|openssl|git|node|zip) |New-|Grant-)/;

interface Block {
  readonly line: number;
  readonly lines: readonly string[];
}

/** The guide's code blocks (fenced, indented or not) and the prose between them. */
function split(text: string): { blocks: Block[]; prose: string } {
  const blocks: Block[] = [];
  const prose: string[] = [];
  let open: { line: number; lines: string[] } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line.startsWith('```')) {
      if (open) {
        blocks.push(open);
        open = undefined;
        prose.push('');
      } else open = { line: index + 1, lines: [] };
      return;
    }
    if (open) open.lines.push(line);
    else prose.push(raw);
  });
  return { blocks, prose: prose.join('\n') };
}

const { blocks, prose } = split(GUIDE);

describe('docs/deploy.md marks every command as run by a test or by hand', () => {
  it('opens every group of commands in a code block with a mark', () => {
    const unmarked: string[] = [];
    for (const block of blocks) {
      let marked = false;
      for (const line of block.lines) {
        if (line === '') marked = false;
        else if (line.startsWith('#')) marked ||= new RegExp(`^# ${MARK.source}`).test(line);
        else if (!marked) unmarked.push(`line ${block.line}: ${line}`);
      }
    }
    expect(unmarked).toEqual([]);
    expect(blocks.length).toBeGreaterThan(10);
  });

  it('follows every command in the text with its own mark', () => {
    const unmarked: string[] = [];
    for (const paragraph of prose.split(/\n\s*\n/)) {
      const spans = [...paragraph.matchAll(/`([^`]+)`/g)].filter((m) => COMMAND.test(m[1] ?? ''));
      const marks = [...paragraph.matchAll(MARK)].map((m) => m.index ?? 0);
      spans.forEach((span, i) => {
        const end = (span.index ?? 0) + span[0].length;
        const mark = marks.find((at) => at >= end);
        const nextSpan = spans[i + 1]?.index ?? Number.POSITIVE_INFINITY;
        if (mark === undefined || mark > nextSpan) unmarked.push(span[1] ?? '');
      });
    }
    expect(unmarked).toEqual([]);
  });

  it('names tests that exist', () => {
    const named = [...GUIDE.matchAll(MARK)].flatMap((m) => (m[2] ? [m[2].trim()] : []));
    expect(named.length).toBeGreaterThan(5);
    for (const file of new Set(named))
      expect([file, existsSync(path.join(ROOT, file))]).toEqual([file, true]);
  });
});

describe('the secrets step of docs/deploy.md, as written', () => {
  it('makes two values the bot accepts in production, each a key of its own', () => {
    const block = blocks.find((b) => b.lines.some((line) => line.startsWith('EMAIL_HASH_KEY=$(')));
    const commands = Object.fromEntries(
      (block?.lines ?? []).flatMap((line) => {
        const found = /^([A-Z_]+)=\$\((openssl [^)]+)\)/.exec(line);
        return found ? [[found[1] as string, found[2] as string]] : [];
      }),
    );
    expect(Object.keys(commands)).toEqual(['EMAIL_HASH_KEY', 'TRAINER_LINK_SECRET']);
    const values = Object.fromEntries(
      Object.entries(commands).map(([name, command]) => {
        const [program, ...args] = command.split(' ');
        return [name, execFileSync(program as string, args, { encoding: 'utf8' }).trim()];
      }),
    );
    expect(values.EMAIL_HASH_KEY).toHaveLength(64);
    expect(values.EMAIL_HASH_KEY).not.toBe(values.TRAINER_LINK_SECRET);
    const config = loadConfig({
      MicrosoftAppId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      MicrosoftAppPassword: 'secret',
      MicrosoftAppTenantId: '9a8b7c6d-1234-4abc-8def-0123456789ab',
      ALLOWED_TENANT_IDS: '9a8b7c6d-1234-4abc-8def-0123456789ab',
      STORAGE_ACCOUNT_NAME: 'bpvprod',
      ...values,
    });
    expect(config.emailHashKey).toBe(values.EMAIL_HASH_KEY);
  });
});
