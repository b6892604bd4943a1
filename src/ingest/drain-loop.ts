/**
 * What one step of a drain did: more may follow, nothing is left, or the rest must wait for a retry (after
 * the loop's own delay, or after the step's).
 */
export type StepResult = 'more' | 'done' | 'retry' | { retryAfterMs: number };

/**
 * Runs a queue's steps one at a time until nothing is left: a drain asked for while one runs is folded
 * into it (one more pass), and a step that must wait is tried again later, not in a spin. A step that
 * throws is reported and retried after the loop's delay: a drain never rejects, since it is started
 * in the background where nothing would catch it.
 */
export class DrainLoop {
  private draining: Promise<void> | undefined;
  private again = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly step: () => Promise<StepResult>,
    private readonly retryDelayMs: number,
    private readonly onStepError: (error: unknown) => void = () => undefined,
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
        let result: StepResult;
        try {
          result = await this.step();
        } catch (error) {
          this.onStepError(error);
          result = 'retry';
        }
        if (result === 'more') continue;
        // What arrived meanwhile may be ready at once.
        if (result === 'done' || this.again) break;
        return this.scheduleRetry(result === 'retry' ? this.retryDelayMs : result.retryAfterMs);
      }
    } while (this.again);
  }

  private scheduleRetry(delayMs: number): void {
    if (this.closed) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.drain();
    }, delayMs);
    this.retryTimer.unref();
  }
}
