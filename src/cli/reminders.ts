// First: telemetry instruments http and the Azure SDK as they are loaded.
import '../telemetry-start';
import { type LadderRung, recipientOf } from '../domain/escalation';
import { createLogger } from '../logger';
import { runAsMain, withCliStorage } from './cli-storage';

const USAGE = `Gebruik:
  npm run reminders -- sweep --dry-run [--now <ISO-tijd>]   toon wat nu verstuurd zou worden
  npm run reminders -- sweep [--now <ISO-tijd>]             één ronde: herinneringen in de wachtrij zetten en versturen`;

type Out = (line: string) => void;

/** The rung of a reminder as the operator reads it. */
const RUNG_LABELS: Record<LadderRung, string> = {
  person: 'persoon',
  other_party: 'andere partij',
  supervisor: 'begeleider',
  coordinator: 'coördinator',
};

function parseArgs(args: string[]): { command?: string; dryRun: boolean; now?: string; error?: string } {
  const [command, ...rest] = args;
  let dryRun = false;
  let now: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--dry-run') dryRun = true;
    else if (arg === '--now') now = rest[++i];
    else if (arg?.startsWith('--now=')) now = arg.slice('--now='.length);
    else return { dryRun, error: `Onbekende optie: ${arg}` };
  }
  return { ...(command ? { command } : {}), dryRun, ...(now !== undefined ? { now } : {}) };
}

/**
 * The operator's reminder command: `sweep --dry-run` lists what is due, one line per reminder;
 * `sweep` runs one sweep and delivers what it queued (for a cron job or a timer trigger).
 */
export async function runRemindersCli(
  args: string[],
  env: Record<string, string | undefined>,
  out: Out,
  err: Out,
): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed.error || parsed.command !== 'sweep') {
    err(`${parsed.error ? `${parsed.error}\n` : ''}${USAGE}`);
    return 2;
  }
  const now = parsed.now ? new Date(parsed.now) : new Date();
  if (Number.isNaN(now.getTime())) {
    err(`--now '${parsed.now}' is geen tijd; gebruik bijvoorbeeld 2026-12-01T10:00:00+01:00`);
    return 2;
  }
  return withCliStorage(env, err, async ({ config, reminders }) => {
    const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
    const service = await reminders({ logger, now: parsed.now ? () => now : () => new Date() });
    if (parsed.dryRun) {
      const plan = await service.sweep.plan(now);
      for (const open of plan.roundsToOpen)
        out(`round_open | ${open.kind} (ronde ${open.number}) | ${open.placementId}`);
      for (const r of plan.reminders) {
        const to = recipientOf(r.role, r.rung ?? 'person') ?? r.role;
        const person =
          to === 'coordinator'
            ? `coordinator ${r.placement.coordinatorEmail}`
            : `${to} ${r.placement[to].name}`;
        out(
          `${r.kind} | ${person} | ${r.placement.student.name} @ ${r.placement.company} | ${r.reason} | rung: ${RUNG_LABELS[r.rung ?? 'person']}`,
        );
      }
      for (const d of plan.digests) out(`coordinator_digest | coordinator ${d.recipient} | ${d.week}`);
      for (const u of plan.unreachable) {
        out(
          `unreachable | ${u.role} ${u.placement[u.role].name} | ${u.placement.student.name} @ ${u.placement.company}`,
        );
      }
      out(
        `${plan.reminders.length} herinnering(en) nu verschuldigd, ${plan.roundsToOpen.length} ronde(n) te openen${plan.digests.length > 0 ? `, ${plan.digests.length} weekoverzicht(en) voor coördinatoren` : ''}${plan.failed > 0 ? `, ${plan.failed} plaatsing(en) overgeslagen door een fout (zie het log)` : ''}`,
      );
      return 0;
    }
    const result = await service.runOnce(now);
    const s = service.worker.stats;
    out(
      `sweep: ${result.led ? 'uitgevoerd' : 'overgeslagen (een andere instantie veegt)'}; in wachtrij: ${result.queued}, rondes geopend: ${result.roundsOpened}, overgeslagen door een fout: ${result.failed} (zie het log)`,
    );
    out(
      `verstuurd: ${s.sent}, vervallen: ${s.cancelled}, onbereikbaar: ${s.unreachable}, mislukt: ${s.failed}, onzeker: ${s.uncertain}, uitgesteld: ${s.postponed}, later opnieuw: ${s.retriedLater}`,
    );
    return 0;
  });
}

if (require.main === module) runAsMain(runRemindersCli);
