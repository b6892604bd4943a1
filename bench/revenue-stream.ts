/**
 * An open `GET /api/stream`, counting its `revenue` frames and noting when each arrived, and the figures
 * the last one carried. Keep-alive comments are not frames. A wait names the frame count it needs, taken
 * before the change was sent, so a frame that beats the webhook's 200 to us is still the one we wait for.
 */
export class RevenueStream {
  frames = 0;
  lastFrameAt = 0;
  /** The last frame's figures (not its time or freshness), as text to compare. */
  figures = '';
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  static async open(serviceUrl: string): Promise<RevenueStream> {
    const response = await fetch(`${serviceUrl}/api/stream`);
    if (!response.ok || !response.body) throw new Error(`GET /api/stream answered ${response.status}`);
    const stream = new RevenueStream(response.body.getReader());
    void stream.read();
    await stream.frameAfter(0, 10_000);
    return stream;
  }

  /** Resolves with performance.now() of frame number `seen + 1`; rejects after `timeoutMs`. */
  frameAfter(seen: number, timeoutMs: number): Promise<number> {
    if (this.frames > seen) return Promise.resolve(this.lastFrameAt);
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.frames <= seen) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(this.lastFrameAt);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no revenue frame on /api/stream within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Resolves with performance.now() of the first frame (the last one, if it does already) that carries `figures`. */
  frameWith(figures: string, timeoutMs: number): Promise<number> {
    return this.frameWhere((seen) => seen === figures, timeoutMs, 'the figures awaited');
  }

  /** Resolves with performance.now() of the first frame (the last one, if it does already) whose figures are not `figures`. */
  frameWithout(figures: string, timeoutMs: number): Promise<number> {
    return this.frameWhere((seen) => seen !== figures, timeoutMs, 'new figures');
  }

  private frameWhere(wanted: (figures: string) => boolean, timeoutMs: number, what: string): Promise<number> {
    if (wanted(this.figures)) return Promise.resolve(this.lastFrameAt);
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!wanted(this.figures)) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(this.lastFrameAt);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no frame with ${what} on /api/stream within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Resolves once no frame has come for `quietMs` (counting from now). */
  async quiet(quietMs: number): Promise<void> {
    const from = performance.now();
    for (;;) {
      const wait = Math.max(this.lastFrameAt, from) + quietMs - performance.now();
      if (wait <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  async close(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }

  private async read(): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await this.reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!/^event: revenue$/m.test(block)) continue;
          this.figures = figuresOf(block);
          this.frames += 1;
          this.lastFrameAt = performance.now();
          for (const waiter of [...this.waiters]) waiter();
        }
      }
    } catch {
      // Cancelled by close(), or the service went away: waits time out and say so.
    }
  }
}

/** The figures a frame's data carries, apart from when and how fresh: what two instances must agree on. */
function figuresOf(block: string): string {
  const data = block
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trimStart())
    .join('\n');
  try {
    const { mrr, arr, customers, customers_total, total_revenue, mrr_by_currency, total_revenue_by_currency, scheduled_churn_mrr } = JSON.parse(data) as Record<string, unknown>;
    return JSON.stringify({ mrr, arr, customers, customers_total, total_revenue, mrr_by_currency, total_revenue_by_currency, scheduled_churn_mrr });
  } catch {
    return '';
  }
}
