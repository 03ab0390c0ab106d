import type { Logger } from '../logger';

/** Background work after a card's answer (an import's installs, an export); awaited on shutdown and in tests. */
export class OfficeBackground {
  private readonly running = new Set<Promise<void>>();
  private readonly claimed = new Set<string>();

  run(work: () => Promise<void>, logger: Logger): void {
    const task = work().catch((error: unknown) =>
      logger.warn({ err: error, event: 'office_background_failed' }, 'office background work failed'),
    );
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  /**
   * Reserves `key` for one job: undefined while another holds it (a double click). The holder
   * either runs its work under the key, which frees it when done, or releases it.
   */
  claim(key: string): { run(work: () => Promise<void>, logger: Logger): void; release(): void } | undefined {
    if (this.claimed.has(key)) return undefined;
    this.claimed.add(key);
    const release = () => {
      this.claimed.delete(key);
    };
    return {
      run: (work, logger) =>
        this.run(async () => {
          try {
            await work();
          } finally {
            release();
          }
        }, logger),
      release,
    };
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
