import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './project-root';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The Teams app manifest with the bot's ids filled in. The template keeps placeholders so one
 * file serves every environment; the ids come from configuration when the app is packaged.
 */
export function buildManifest(ids: { botId: string; teamsAppId?: string }): Record<string, unknown> {
  const teamsAppId = ids.teamsAppId ?? ids.botId;
  for (const [name, value] of [
    ['botId', ids.botId],
    ['teamsAppId', teamsAppId],
  ] as const) {
    if (!GUID.test(value)) throw new Error(`${name} must be a GUID, got '${value}'`);
  }
  const template = readFileSync(path.join(projectRoot(), 'manifest', 'manifest.json'), 'utf8');
  return JSON.parse(
    template.replace(/\$\{\{BOT_ID\}\}/g, ids.botId).replace(/\$\{\{TEAMS_APP_ID\}\}/g, teamsAppId),
  ) as Record<string, unknown>;
}
