import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { configurationReference, REFERENCE_FILE, settingRows } from '../../scripts/configuration-reference';
import { settingsGroups, settingsSchema } from '../../src/config';
import { projectRoot } from '../../src/project-root';

describe('the configuration reference', () => {
  it('is what `npm run docs:config` writes from the settings schema', () => {
    const written = readFileSync(path.join(projectRoot(), REFERENCE_FILE), 'utf8');
    // When this fails: run `npm run docs:config` and commit docs/configuration.md.
    expect(written).toBe(configurationReference());
  });

  it('lists every setting with what the schema says of it', () => {
    const rows = settingRows();
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.find((r) => r.name === 'PORT')).toMatchObject({ defaultValue: '3978', values: undefined });
    expect(rows.find((r) => r.name === 'REMINDER_WORKING_DAYS')).toMatchObject({ defaultValue: '1-5' });
    expect(rows.find((r) => r.name === 'PLAYGROUND')).toMatchObject({
      defaultValue: 'on',
      values: ['on', 'off'],
    });
    expect(rows.find((r) => r.name === 'MAIL_TRANSPORT')).toMatchObject({
      defaultValue: undefined,
      values: ['off', 'smtp', 'graph'],
    });
    expect(rows.find((r) => r.name === 'STORAGE_CONNECTION_STRING')?.defaultValue).toBeUndefined();
  });

  it("shows every setting once, in its feature's group", () => {
    const grouped = settingsGroups.flatMap((group) => Object.keys(group.shape));
    expect([...grouped].sort()).toEqual(Object.keys(settingsSchema.shape).sort());
    expect(new Set(grouped).size).toBe(grouped.length);
    const reference = configurationReference();
    for (const group of settingsGroups) expect(reference).toContain(`## ${group.title}`);
  });

  it('refuses a setting without a description', () => {
    expect(() => settingRows({ NEW_SETTING: z.string().optional() })).toThrow(
      "NEW_SETTING has no description: add .describe('…') beside it in the schema",
    );
  });
});
