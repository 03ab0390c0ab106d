import { readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { colorIcon, outlineIcon } from './manifest-icons';
import { projectRoot } from './project-root';

/** What differs per school: the ids from the deployment and the school's own pages. */
export interface AppPackageSettings {
  /** The bot's app id: the client id of the user-assigned managed identity. */
  readonly botId: string;
  /** The Teams app id; the bot id unless the school wants them apart. */
  readonly teamsAppId: string;
  /** Host name of the web app that serves `/api/messages`. */
  readonly botDomain: string;
  readonly privacyUrl: string;
  readonly termsUrl: string;
  readonly websiteUrl: string;
  /** Shown as the app's publisher in Teams (at most 32 characters). */
  readonly developerName: string;
  /** Semantic version; Teams only takes an updated package with a higher one. */
  readonly version: string;
}

/** A manifest language file, by its name inside the package. */
export type LanguageFiles = Record<string, Record<string, unknown>>;

/** The files of the Teams app package, by their name at the root of the zip. */
export interface AppPackage {
  readonly manifest: Record<string, unknown>;
  readonly languageFiles: LanguageFiles;
  readonly icons: { readonly 'color.png': Buffer; readonly 'outline.png': Buffer };
}

const PLACEHOLDER = /\$\{\{([A-Z_]+)\}\}/g;

function manifestDir(): string {
  return path.join(projectRoot(), 'manifest');
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(manifestDir(), file), 'utf8')) as Record<string, unknown>;
}

/** Replaces every `${{NAME}}` in the template's strings; a placeholder without a value is a template error. */
function fill(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (_match, name: string) => {
      const replacement = values[name];
      if (replacement === undefined) throw new Error(`manifest/manifest.json: no value for \${{${name}}}`);
      return replacement;
    });
  }
  if (Array.isArray(value)) return value.map((item) => fill(item, values));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item, values)]));
  }
  return value;
}

/**
 * The Teams app manifest with this deployment's ids and pages filled in. The template in
 * `manifest/manifest.json` holds the Dutch texts; the files it names in `localizationInfo` hold the
 * other languages. The settings are expected checked (see `src/cli/package.ts`).
 */
export function buildManifest(settings: AppPackageSettings): Record<string, unknown> {
  return fill(readJson('manifest.json'), {
    BOT_ID: settings.botId,
    TEAMS_APP_ID: settings.teamsAppId,
    BOT_DOMAIN: settings.botDomain,
    PRIVACY_URL: settings.privacyUrl,
    TERMS_URL: settings.termsUrl,
    WEBSITE_URL: settings.websiteUrl,
    DEVELOPER_NAME: settings.developerName,
    VERSION: settings.version,
  }) as Record<string, unknown>;
}

/** The language files the manifest's `localizationInfo.additionalLanguages` names. */
export function languageFiles(manifest: Record<string, unknown>): LanguageFiles {
  const info = manifest.localizationInfo as { additionalLanguages?: { file: string }[] } | undefined;
  return Object.fromEntries((info?.additionalLanguages ?? []).map(({ file }) => [file, readJson(file)]));
}

/** Everything the Teams app package holds, before zipping. */
export function buildAppPackage(settings: AppPackageSettings): AppPackage {
  const manifest = buildManifest(settings);
  return {
    manifest,
    languageFiles: languageFiles(manifest),
    icons: { 'color.png': colorIcon(), 'outline.png': outlineIcon() },
  };
}

/** A fixed timestamp keeps the zip identical for identical settings, so a rebuild is recognisable. */
const ZIP_DATE = new Date(Date.UTC(2026, 0, 1));

/** The package as Teams wants it: the manifest, its language files and both icons at the zip's root. */
export async function zipAppPackage(appPackage: AppPackage): Promise<Buffer> {
  const zip = new JSZip();
  const options = { date: ZIP_DATE };
  zip.file('manifest.json', `${JSON.stringify(appPackage.manifest, null, 2)}\n`, options);
  for (const [file, content] of Object.entries(appPackage.languageFiles)) {
    zip.file(file, `${JSON.stringify(content, null, 2)}\n`, options);
  }
  for (const [file, png] of Object.entries(appPackage.icons)) zip.file(file, png, options);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
