import { existsSync, readFileSync as read, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { runManifestCli } from '../src/cli/manifest';
import { buildManifest } from '../src/manifest';
import { projectRoot } from '../src/project-root';

const schemaPath = path.join(
  path.dirname(require.resolve('@microsoft/app-manifest/package.json')),
  'build',
  'json-schemas',
  'teams',
  'v1.24',
  'MicrosoftTeams.schema.json',
);

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
}

const BOT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

describe('Teams app manifest', () => {
  it('validates against the official schema (bundled, offline) with the bot id filled in', () => {
    const validate = validator();
    const manifest = buildManifest({ botId: BOT_ID });
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(manifest).toMatchObject({ id: BOT_ID, bots: [{ botId: BOT_ID, scopes: ['personal'] }] });
  });

  it('is refused by the schema when a required field is missing, so the check above can fail', () => {
    const validate = validator();
    const { developer: _omitted, ...broken } = buildManifest({ botId: BOT_ID });
    expect(validate(broken)).toBe(false);
  });

  it('refuses a bot id that is not a GUID', () => {
    expect(() => buildManifest({ botId: 'my-bot' })).toThrow(/botId must be a GUID/);
  });

  it('is written for packaging with the bot id from the configuration', async () => {
    const out: string[] = [];
    const err: string[] = [];
    expect(
      await runManifestCli(
        [],
        {},
        (l) => out.push(l),
        (l) => err.push(l),
      ),
    ).toBe(2);
    expect(err.join()).toContain('Geef de bot-id op');
    expect(
      await runManifestCli(
        [],
        { MicrosoftAppId: BOT_ID },
        (l) => out.push(l),
        (l) => err.push(l),
      ),
    ).toBe(0);
    const file = path.join(projectRoot(), 'manifest', 'build', 'manifest.json');
    expect(existsSync(file)).toBe(true);
    const written = JSON.parse(read(file, 'utf8')) as { bots: { botId: string }[] };
    expect(written.bots[0]?.botId).toBe(BOT_ID);
  });
});
