import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { PACKAGE_FILE, parsePackageSettings, runPackageCli } from '../src/cli/package';
import { type AppPackageSettings, buildManifest, languageFiles } from '../src/manifest';
import { ACCENT, colorIcon, outlineIcon } from '../src/manifest-icons';
import { projectRoot } from '../src/project-root';

const schemasDir = path.join(
  path.dirname(require.resolve('@microsoft/app-manifest/package.json')),
  'build',
  'json-schemas',
  'teams',
);

/** The newest released manifest version whose schema the bundled package ships (not the preview). */
function newestManifestVersion(): string {
  const versions = readdirSync(schemasDir)
    .map((dir) => /^v(\d+)\.(\d+)$/.exec(dir))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [Number(match[1]), Number(match[2])] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const newest = versions.at(-1);
  if (!newest) throw new Error(`no manifest schemas in ${schemasDir}`);
  return `${newest[0]}.${newest[1]}`;
}

function validator(version: string, file: string) {
  // The localization schema writes a lone `]` in a pattern, valid only without the regex `u` flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(path.join(schemasDir, `v${version}`, file), 'utf8')));
}

const BOT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const SETTINGS: AppPackageSettings = {
  botId: BOT_ID,
  teamsAppId: BOT_ID,
  botDomain: 'bpv-abc123.azurewebsites.net',
  privacyUrl: 'https://www.roc-voorbeeld.nl/privacy',
  termsUrl: 'https://www.roc-voorbeeld.nl/voorwaarden',
  websiteUrl: 'https://www.roc-voorbeeld.nl',
  developerName: 'ROC Voorbeeld',
  version: '1.2.3',
};
const ARGS = [
  '--bot-id',
  BOT_ID,
  '--domain',
  'bpv-abc123.azurewebsites.net',
  '--privacy-url',
  'https://www.roc-voorbeeld.nl/privacy',
  '--terms-url',
  'https://www.roc-voorbeeld.nl/voorwaarden',
];

function withoutOption(name: string): string[] {
  const at = ARGS.indexOf(name);
  return [...ARGS.slice(0, at), ...ARGS.slice(at + 2)];
}

function withOption(name: string, value: string): string[] {
  const at = ARGS.indexOf(name);
  return at < 0 ? [...ARGS, name, value] : ARGS.map((arg, i) => (i === at + 1 ? value : arg));
}

function decode(png: Buffer) {
  const image = PNG.sync.read(png);
  const pixels: [number, number, number, number][] = [];
  for (let i = 0; i < image.data.length; i += 4) {
    pixels.push([image.data[i], image.data[i + 1], image.data[i + 2], image.data[i + 3]] as [
      number,
      number,
      number,
      number,
    ]);
  }
  return { width: image.width, height: image.height, pixels };
}

describe('Teams app manifest', () => {
  const version = newestManifestVersion();

  it('uses the newest manifest version the bundled schemas know', () => {
    expect(buildManifest(SETTINGS).manifestVersion).toBe(version);
    expect(buildManifest(SETTINGS).$schema).toContain(`/v${version}/MicrosoftTeams.schema.json`);
  });

  it('validates against the official schema (bundled, offline) with the settings filled in', () => {
    const validate = validator(version, 'MicrosoftTeams.schema.json');
    const manifest = buildManifest(SETTINGS);
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(manifest).toMatchObject({
      id: BOT_ID,
      version: '1.2.3',
      developer: {
        name: 'ROC Voorbeeld',
        websiteUrl: 'https://www.roc-voorbeeld.nl',
        privacyUrl: 'https://www.roc-voorbeeld.nl/privacy',
        termsOfUseUrl: 'https://www.roc-voorbeeld.nl/voorwaarden',
      },
      bots: [{ botId: BOT_ID, scopes: ['personal'] }],
      webApplicationInfo: { id: BOT_ID },
      validDomains: ['bpv-abc123.azurewebsites.net'],
      localizationInfo: {
        defaultLanguageTag: 'nl',
        additionalLanguages: [{ languageTag: 'en', file: 'en.json' }],
      },
    });
    expect(JSON.stringify(manifest)).not.toContain('${{');
    expect(manifest.accentColor).toBe(ACCENT);
  });

  it('is refused by the schema when a required field is missing, so the check above can fail', () => {
    const validate = validator(version, 'MicrosoftTeams.schema.json');
    const { developer: _omitted, ...broken } = buildManifest(SETTINGS);
    expect(validate(broken)).toBe(false);
  });

  it('offers the four chat commands in the personal scope', () => {
    const manifest = buildManifest(SETTINGS) as {
      bots: { commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] }[];
    };
    const [list, ...others] = manifest.bots[0]?.commandLists ?? [];
    expect(others).toEqual([]);
    expect(list?.scopes).toEqual(['personal']);
    expect(list?.commands.map((c) => c.title)).toEqual(['start', 'status', 'help', 'overzicht']);
    for (const command of list?.commands ?? []) expect(command.description.length).toBeGreaterThan(0);
  });

  it('has an English language file that the localization schema accepts and that covers every text', () => {
    const validate = validator(version, 'MicrosoftTeams.Localization.schema.json');
    const manifest = buildManifest(SETTINGS) as Record<string, unknown> & {
      bots: { commandLists: { commands: unknown[] }[] }[];
    };
    const files = languageFiles(manifest);
    expect(Object.keys(files)).toEqual(['en.json']);
    const en = files['en.json'] as Record<string, string>;
    expect(validate(en)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    const commands = manifest.bots[0]?.commandLists[0]?.commands.length ?? 0;
    const expected = ['name.short', 'name.full', 'description.short', 'description.full'];
    for (let i = 0; i < commands; i++) {
      expected.push(
        `bots[0].commandLists[0].commands[${i}].title`,
        `bots[0].commandLists[0].commands[${i}].description`,
      );
    }
    expect(Object.keys(en).filter((key) => key !== '$schema')).toEqual(expected);
    expect(en['bots[0].commandLists[0].commands[3].title']).toBe('overview');
    expect(en['name.short']).not.toBe((manifest.name as { short: string }).short);
    const { 'description.full': _omitted, ...broken } = en;
    expect(validate(broken)).toBe(false);
  });
});

describe('Teams app icons', () => {
  it('colour icon: 192×192, opaque, in more than one colour', () => {
    const icon = decode(colorIcon());
    expect([icon.width, icon.height]).toEqual([192, 192]);
    expect(icon.pixels.every(([, , , alpha]) => alpha === 255)).toBe(true);
    expect(new Set(icon.pixels.map(([r, g, b]) => `${r},${g},${b}`)).size).toBeGreaterThan(2);
    // The corner is background: the app's accent colour, as the manifest declares it.
    const [r, g, b] = icon.pixels[0] ?? [];
    expect(`#${[r, g, b].map((v) => (v ?? 0).toString(16).padStart(2, '0')).join('')}`.toUpperCase()).toBe(
      ACCENT,
    );
  });

  it('outline icon: 32×32, every pixel transparent or white, and something drawn', () => {
    const icon = decode(outlineIcon());
    expect([icon.width, icon.height]).toEqual([32, 32]);
    const offending = icon.pixels.filter(([r, g, b, a]) => a !== 0 && (r !== 255 || g !== 255 || b !== 255));
    expect(offending).toEqual([]);
    const transparent = icon.pixels.filter(([, , , a]) => a === 0).length;
    expect(transparent).toBeGreaterThan(icon.pixels.length / 2);
    expect(icon.pixels.filter(([, , , a]) => a === 255).length).toBeGreaterThan(50);
  });
});

describe('npm run package', () => {
  async function run(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runPackageCli(
      args,
      {},
      (l) => out.push(l),
      (l) => err.push(l),
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('writes a zip with exactly the manifest, its language file and both icons at the root', async () => {
    const result = await run([...ARGS, '--app-version', '2.0.1', '--developer-name', 'ROC Voorbeeld']);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain(`manifest/build/${PACKAGE_FILE}`);
    const zip = await JSZip.loadAsync(
      readFileSync(path.join(projectRoot(), 'manifest', 'build', PACKAGE_FILE)),
    );
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(['color.png', 'en.json', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse((await zip.file('manifest.json')?.async('string')) ?? '');
    const validate = validator(newestManifestVersion(), 'MicrosoftTeams.schema.json');
    expect(validate(manifest)).toBe(true);
    expect(manifest).toMatchObject({
      id: BOT_ID,
      version: '2.0.1',
      icons: { color: 'color.png', outline: 'outline.png' },
      developer: { name: 'ROC Voorbeeld', websiteUrl: 'https://www.roc-voorbeeld.nl' },
      validDomains: ['bpv-abc123.azurewebsites.net'],
    });
    const color = decode((await zip.file('color.png')?.async('nodebuffer')) as Buffer);
    const outline = decode((await zip.file('outline.png')?.async('nodebuffer')) as Buffer);
    expect([color.width, outline.width]).toEqual([192, 32]);
    const en = JSON.parse((await zip.file('en.json')?.async('string')) ?? '');
    expect(en['name.short']).toBe('BPV agreements');
  });

  it.each([
    ['--bot-id', /--bot-id: ontbreekt/],
    ['--domain', /--domain: ontbreekt/],
    ['--privacy-url', /--privacy-url: ontbreekt/],
    ['--terms-url', /--terms-url: ontbreekt/],
  ])('refuses to package without %s, naming it', async (option, message) => {
    const result = await run(withoutOption(option));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.err).toContain('Gebruik: npm run package');
  });

  it.each([
    ['--privacy-url', 'https://bpv-afspraken.example.org/privacy', /--privacy-url: .*voorbeeldadres/],
    ['--terms-url', 'https://bpv-afspraken.example.org/voorwaarden', /--terms-url: .*voorbeeldadres/],
    ['--website-url', 'https://example.com', /--website-url: .*voorbeeldadres/],
    ['--domain', 'bpv.example.org', /--domain: .*voorbeelddomein/],
    ['--privacy-url', 'http://www.roc-voorbeeld.nl/privacy', /--privacy-url: moet met https/],
    ['--domain', 'https://bpv-abc123.azurewebsites.net', /--domain: moet een hostnaam/],
    ['--bot-id', 'my-bot', /--bot-id: moet een GUID/],
    ['--app-id', 'my-app', /--app-id: moet een GUID/],
    ['--app-version', 'v2', /--app-version: moet x\.y\.z/],
    ['--developer-name', 'x'.repeat(33), /--developer-name: hoogstens 32/],
  ])('refuses %s %s', async (option, value, message) => {
    const result = await run(withOption(option, value));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });

  it('refuses an option it does not know instead of ignoring it', async () => {
    const result = await run([...ARGS, '--privacy', 'https://www.roc-voorbeeld.nl/privacy']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--privacy');
  });

  it('defaults the app id to the bot id, the website to the privacy page origin, the version to package.json', () => {
    const pkg = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(parsePackageSettings(ARGS)).toEqual({
      botId: BOT_ID,
      teamsAppId: BOT_ID,
      botDomain: 'bpv-abc123.azurewebsites.net',
      privacyUrl: 'https://www.roc-voorbeeld.nl/privacy',
      termsUrl: 'https://www.roc-voorbeeld.nl/voorwaarden',
      websiteUrl: 'https://www.roc-voorbeeld.nl',
      developerName: 'BPV-afspraken',
      version: pkg.version,
    });
  });
});
