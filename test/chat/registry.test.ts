import { readdirSync } from 'node:fs';
import path from 'node:path';
import { cardAddress, commandOf, routeFor, VERBS, verbEntry } from '../../src/chat/registry';
import { Verb } from '../../src/chat/verbs';
import { projectRoot } from '../../src/project-root';

const P = 'a'.repeat(32);

describe('the verb registry', () => {
  it('holds one entry per verb, under its key and with its name, each in its own file', () => {
    expect(Object.keys(VERBS).sort()).toEqual(Object.keys(Verb).sort());
    for (const [key, entry] of Object.entries(VERBS)) {
      expect(entry.name).toBe(Verb[key as keyof typeof Verb]);
    }
    const files = readdirSync(path.join(projectRoot(), 'src', 'chat', 'verbs'));
    expect(files).toHaveLength(Object.keys(Verb).length);
  });

  it('finds an entry by the name a card carries, and nothing for other names', () => {
    expect(verbEntry('sendback')).toBe(VERBS.sendBack);
    expect(verbEntry('office.import')).toBe(VERBS.officeImport);
    for (const name of ['sendBack', 'constructor', '__proto__', 'toString', '', 42, undefined, {}]) {
      expect(verbEntry(name)).toBeUndefined();
    }
  });

  it('routes only the check-in’s card actions; commands and office buttons go their own way', () => {
    expect(routeFor('answer')).toBe('answer');
    expect(routeFor('savequalification')).toBe('saveQualification');
    expect(routeFor('start')).toBeUndefined();
    expect(routeFor('office.export')).toBeUndefined();
    expect(commandOf('status')).toBe('status');
    expect(commandOf('answer')).toBeUndefined();
    const kinds = Object.values(VERBS).map((entry) => `${entry.kind} ${entry.pressedBy}`);
    expect(kinds.filter((k) => k.startsWith('office'))).toEqual(Array(6).fill('office the office'));
  });

  it('trusts a payload for the placement and role who may press it, and for nothing else', () => {
    expect(cardAddress('answer', { p: P, role: 'trainer' })).toEqual({ placementId: P, role: 'trainer' });
    expect(cardAddress('approve', { p: P, role: 'student' })).toEqual({ placementId: P, role: 'supervisor' });
    expect(cardAddress('openNextRound', { p: P })).toEqual({ placementId: P, role: 'trainer' });
    // A payload role that a part does not have, or a placement id that is not one, names nothing.
    expect(cardAddress('answer', { p: P, role: 'supervisor' })).toBeUndefined();
    expect(cardAddress('answer', { p: 'x', role: 'student' })).toBeUndefined();
    expect(cardAddress('answer', null)).toBeUndefined();
    // Verbs that span placements or roles are identified in full.
    expect(cardAddress('snooze', { p: P, role: 'student' })).toBeUndefined();
    expect(cardAddress('version', { p: P, role: 'student' })).toBeUndefined();
    expect(cardAddress('saveQualification', { p: P, role: 'student' })).toBeUndefined();
  });

  it('parses each payload with its own schema', () => {
    const part = { p: P, r: 1, role: 'student', v: 0 };
    expect(VERBS.finish.payload.safeParse(part).success).toBe(true);
    expect(VERBS.confirm.payload.safeParse(part).success).toBe(true);
    expect(VERBS.settle.payload.safeParse(part).success).toBe(false);
    expect(VERBS.answer.payload.safeParse({ ...part, s: 0, nav: 'jump' }).success).toBe(false);
    expect(VERBS.officeReport.payload.safeParse({ id: 'abc', more: 1 }).success).toBe(false);
    expect(VERBS.officeExport.payload.safeParse({ since: '7 december' }).success).toBe(false);
  });
});
