/** What one step of a drain did: more may follow, nothing is left, or the rest must wait for a retry. */
export type StepResult = 'more' | 'done' | 'retry';

/**
 * Runs a queue's steps one at a time until nothing is left: a drain asked for while one runs is folded
 * into it (one more pass), and a step that must wait is tried again after `retryDelayMs`, not in a spin.
 */
export class DrainLoop {
  private draining: Promise<void> | undefined;
  private again = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly step: () => Promise<StepResult>,
    private readonly retryDelayMs: number,
  ) {}

  /** Resolves when nothing is left, or when what is left has to wait for a retry. */
  drain(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = this.run().finally(() => (this.draining = undefined));
    return this.draining;
  }

  /** No step starts after this; resolves when the running one has finished. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.draining;
  }

  private async run(): Promise<void> {
    do {
      this.again = false;
      for (;;) {
        if (this.closed) return;
        const result = await this.step();
        if (result === 'done') break;
        if (result === 'retry') return this.scheduleRetry();
      }
    } while (this.again);
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.drain();
    }, this.retryDelayMs);
    this.retryTimer.unref();
  }
}
