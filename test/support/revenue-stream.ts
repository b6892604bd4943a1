/** A client of GET /api/stream: the data of each `revenue` event, parsed, as it comes. */
export interface RevenueStream {
  readonly events: ReadonlyArray<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function openRevenueStream(serviceUrl: string): Promise<RevenueStream> {
  const response = await fetch(`${serviceUrl}/api/stream`);
  if (!response.ok || !response.body) throw new Error(`GET /api/stream answered ${response.status}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const events: Array<Record<string, unknown>> = [];
  let buffer = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        const data = lines.find((line) => line.startsWith('data: '));
        if (data && lines.includes('event: revenue')) events.push(JSON.parse(data.slice('data: '.length)));
      }
    }
  })();
  return { events, close: () => reader.cancel().catch(() => undefined) };
}
