import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type AppPackageSettings, buildAppPackage, zipAppPackage } from '../manifest';
import { projectRoot } from '../project-root';
import { runAsMain } from './cli-storage';

/** Name of the package `npm run package` writes under manifest/build/. */
export const PACKAGE_FILE = 'bpv-afspraken.zip';

const USAGE =
  'npm run package -- --bot-id <guid> --domain <web app host> --privacy-url <https://…> --terms-url <https://…>' +
  ' [--website-url <https://…>] [--developer-name <naam>] [--app-id <guid>] [--app-version <x.y.z>]';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/** A package setting is missing or wrong; the message names the option. */
export class PackageSettingError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = 'PackageSettingError';
  }
}

/** RFC 2606 names: the template's example pages and anything like them are never a school's own. */
function isPlaceholderHost(host: string): boolean {
  return /(^|\.)(example\.(org|com|net)|example|test|invalid|localhost)$/i.test(host);
}

function required(setting: string, value: string | undefined, what: string): string {
  const trimmed = value?.trim();
  if (!trimmed) throw new PackageSettingError(setting, `ontbreekt: ${what}`);
  return trimmed;
}

function guid(setting: string, value: string): string {
  if (!GUID.test(value)) throw new PackageSettingError(setting, `moet een GUID zijn, niet '${value}'`);
  return value.toLowerCase();
}

function host(setting: string, value: string): string {
  if (!HOST.test(value)) {
    throw new PackageSettingError(
      setting,
      `moet een hostnaam zijn zoals bpv-abc123.azurewebsites.net, niet '${value}'`,
    );
  }
  if (isPlaceholderHost(value)) throw new PackageSettingError(setting, `${value} is een voorbeelddomein`);
  return value.toLowerCase();
}

function pageUrl(setting: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PackageSettingError(setting, `'${value}' is geen adres`);
  }
  if (url.protocol !== 'https:')
    throw new PackageSettingError(setting, `moet met https:// beginnen: ${value}`);
  if (isPlaceholderHost(url.hostname)) {
    throw new PackageSettingError(setting, `${value} is een voorbeeldadres; geef de pagina van de school op`);
  }
  return url.href;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Reads and checks the options of `npm run package`; a missing or wrong one names itself. */
export function parsePackageSettings(args: string[]): AppPackageSettings {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        'bot-id': { type: 'string' },
        'app-id': { type: 'string' },
        domain: { type: 'string' },
        'privacy-url': { type: 'string' },
        'terms-url': { type: 'string' },
        'website-url': { type: 'string' },
        'developer-name': { type: 'string' },
        'app-version': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new PackageSettingError('opties', error instanceof Error ? error.message : String(error));
  }
  const botId = guid(
    '--bot-id',
    required('--bot-id', values['bot-id'], 'de client-id van de managed identity (output botId)'),
  );
  const appId = values['app-id']?.trim();
  const botDomain = host(
    '--domain',
    required('--domain', values.domain, 'de hostnaam van de web app (output botDomain), zonder https://'),
  );
  const privacyUrl = pageUrl(
    '--privacy-url',
    required(
      '--privacy-url',
      values['privacy-url'],
      'het https-adres van de privacyverklaring van de school',
    ),
  );
  const termsUrl = pageUrl(
    '--terms-url',
    required('--terms-url', values['terms-url'], 'het https-adres van de gebruiksvoorwaarden van de school'),
  );
  const website = values['website-url']?.trim();
  const developerName = values['developer-name']?.trim() || 'BPV-afspraken';
  if (developerName.length > 32) throw new PackageSettingError('--developer-name', 'hoogstens 32 tekens');
  const version = values['app-version']?.trim() || packageVersion();
  if (!SEMVER.test(version))
    throw new PackageSettingError('--app-version', `moet x.y.z zijn, niet '${version}'`);
  return {
    botId,
    teamsAppId: appId ? guid('--app-id', appId) : botId,
    botDomain,
    privacyUrl,
    termsUrl,
    websiteUrl: website ? pageUrl('--website-url', website) : new URL(privacyUrl).origin,
    developerName,
    version,
  };
}

/**
 * `npm run package`: writes manifest/build/bpv-afspraken.zip, the Teams app package to upload in the
 * Teams admin center (manifest, its English language file, and both icons).
 */
export async function runPackageCli(
  args: string[],
  _env: Record<string, string | undefined>,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  let settings: AppPackageSettings;
  try {
    settings = parsePackageSettings(args);
  } catch (error) {
    if (!(error instanceof PackageSettingError)) throw error;
    err(`Instelling ontbreekt of klopt niet — ${error.message}`);
    err(`Gebruik: ${USAGE}`);
    return 2;
  }
  const zip = await zipAppPackage(buildAppPackage(settings));
  const dir = path.join(projectRoot(), 'manifest', 'build');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, PACKAGE_FILE);
  writeFileSync(file, zip);
  out(
    `geschreven: ${path.relative(projectRoot(), file)} (app-id ${settings.teamsAppId}, versie ${settings.version})`,
  );
  return 0;
}

if (require.main === module) runAsMain(runPackageCli);
