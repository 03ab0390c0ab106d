import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildManifest } from '../manifest';
import { projectRoot } from '../project-root';
import { runAsMain } from './cli-storage';

/**
 * `npm run manifest`: writes manifest/build/manifest.json with the bot id of this environment
 * (`MicrosoftAppId`, or `--bot-id <guid>`), ready to be zipped with the icons.
 */
export async function runManifestCli(
  args: string[],
  env: Record<string, string | undefined>,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const flag = args.indexOf('--bot-id');
  const botId = flag >= 0 ? args[flag + 1] : env.MicrosoftAppId;
  if (!botId) {
    err('Geef de bot-id op: MicrosoftAppId=<guid> npm run manifest, of npm run manifest -- --bot-id <guid>');
    return 2;
  }
  let manifest: Record<string, unknown>;
  try {
    manifest = buildManifest({ botId, ...(env.TEAMS_APP_ID ? { teamsAppId: env.TEAMS_APP_ID } : {}) });
  } catch (error) {
    err(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const dir = path.join(projectRoot(), 'manifest', 'build');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'manifest.json');
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  out(`geschreven: ${path.relative(projectRoot(), file)}`);
  return 0;
}

if (require.main === module) runAsMain(runManifestCli);
