import type { FastifyInstance } from 'fastify';

/**
 * Counts the requests being answered, so that shutting down can wait for them: the server's own close
 * reports done while a request whose body is still arriving has yet to be answered.
 */
export class RequestsInFlight {
  private count = 0;
  private waiters: Array<() => void> = [];

  constructor(app: FastifyInstance) {
    app.addHook('onRequest', (_request, reply, done) => {
      this.count++;
      // 'close' comes for every response: answered, aborted, or a hijacked stream that ended.
      reply.raw.once('close', () => this.finished());
      done();
    });
  }

  /** Resolves true once none is left, or false after `timeoutMs` with some still running. */
  settled(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private finished(): void {
    this.count--;
    if (this.count > 0) return;
    for (const wake of this.waiters.splice(0)) wake();
  }
}
