import { type RateClaims, SendRateShare } from '../../src/delivery/rate-share';
import { createLogger } from '../../src/logger';
import { ReminderRepository } from '../../src/storage/reminder-repository';
import { freshStore } from '../support/bot-harness';

jest.setTimeout(60_000);

// 50 per second for the app in the tenant, of which the instances use 80 %.
const BUDGET = 40;

/** The claims row on Azurite, counting the calls made to it. */
function counted(claims: RateClaims): RateClaims & { calls: number } {
  const wrapper = {
    calls: 0,
    claimRate: (...args: Parameters<RateClaims['claimRate']>) => {
      wrapper.calls += 1;
      return claims.claimRate(...args);
    },
  };
  return wrapper;
}

function share(claims: RateClaims, instanceId: string): SendRateShare {
  return new SendRateShare({
    claims,
    instanceId,
    ratePerSecond: 50,
    conversationRatePerSecond: 7,
    logger: createLogger('silent'),
    heartbeatMs: 50,
    idleMs: 300,
  });
}

/** Resolves once `check` holds, looking after each heartbeat. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('an idle instance', () => {
  it('gives its claim up and stops calling storage; its next send claims again', async () => {
    const repo = new ReminderRepository(await freshStore());
    const claims = counted(repo);
    const a = share(claims, 'a');
    await a.join();
    expect(a.sendRate).toBe(BUDGET);
    (await a.acquire('conversation-1'))();
    await until(() => a.sendRate === 0);
    const quiet = claims.calls;
    // Ten heartbeats' time later: not one call more.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(claims.calls).toBe(quiet);
    const release = await a.acquire('conversation-1');
    expect(a.sendRate).toBe(BUDGET);
    expect(claims.calls).toBeGreaterThan(quiet);
    release();
    await a.leave();
  });

  it('leaves the whole rate to a busy one, and the two stay within it when the idle one wakes', async () => {
    const repo = new ReminderRepository(await freshStore());
    const idle = share(repo, 'idle');
    const busy = share(repo, 'busy');
    await idle.join();
    await until(() => idle.sendRate === 0);
    await busy.join();
    // Nobody else holds a claim: the busy instance gets all of it at once.
    expect(busy.sendRate).toBe(BUDGET);
    const keepBusy = setInterval(() => void busy.acquire('c-busy').then((release) => release()), 20);
    try {
      const release = await idle.acquire('c-idle');
      expect(idle.sendRate).toBeGreaterThan(0);
      expect(idle.sendRate + busy.sendRate).toBeLessThanOrEqual(BUDGET);
      release();
    } finally {
      clearInterval(keepBusy);
      await idle.leave();
      await busy.leave();
    }
  });
});
