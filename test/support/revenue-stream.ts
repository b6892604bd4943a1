/** What an event stream has sent of one event name: each one's data, parsed, as it comes. */
export interface StreamEvents<T = Record<string, unknown>> {
  readonly events: ReadonlyArray<T>;
  close(): Promise<void>;
}

/** Reads the `name` events of a GET /api/stream response until it ends or is closed. */
export function readStreamEvents<T = Record<string, unknown>>(response: Response, name: string): StreamEvents<T> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: T[] = [];
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
        if (data && lines.includes(`event: ${name}`)) events.push(JSON.parse(data.slice('data: '.length)));
      }
    }
  })();
  return { events, close: () => reader.cancel().catch(() => undefined) };
}

/** A client of GET /api/stream: the data of each `revenue` event. */
export async function openRevenueStream(serviceUrl: string): Promise<StreamEvents> {
  const response = await fetch(`${serviceUrl}/api/stream`);
  if (!response.ok || !response.body) throw new Error(`GET /api/stream answered ${response.status}`);
  return readStreamEvents(response, 'revenue');
}
