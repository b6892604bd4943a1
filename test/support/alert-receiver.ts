import { createServer, type IncomingHttpHeaders } from 'node:http';
import { after, before } from 'node:test';
import type { AddressInfo } from 'node:net';

export interface ReceivedAlert {
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver answered. */
  status: number;
}

export interface AlertReceiver {
  url: string;
  received: ReceivedAlert[];
  accepted(): ReceivedAlert[];
  /** The statuses to answer next, in order; once spent, `then` is answered. */
  answer(statuses: number[], then?: number): void;
  close(): Promise<void>;
}

/** A webhook receiver on loopback that answers scripted statuses and keeps every request. */
export async function alertReceiver(port = 0): Promise<AlertReceiver> {
  const received: ReceivedAlert[] = [];
  let script: number[] = [];
  let fallback = 200;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = script.shift() ?? fallback;
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/revenue`,
    received,
    accepted: () => received.filter((r) => r.status >= 200 && r.status < 300),
    answer(statuses, then = 200) {
      script = [...statuses];
      fallback = then;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A receiver and the service that alerts it, for the suite this is called in: started before its tests,
 * stopped after them. Read `receiver` and `sut` inside the tests, once they are started.
 */
export function receiverAndService<Service extends { stop(): Promise<unknown> }>(
  start: (receiverUrl: string) => Promise<Service>,
): { readonly receiver: AlertReceiver; readonly sut: Service } {
  const suite = {} as { receiver: AlertReceiver; sut: Service };
  before(async () => {
    suite.receiver = await alertReceiver();
    suite.sut = await start(suite.receiver.url);
  });
  after(async () => {
    await suite.sut?.stop();
    await suite.receiver?.close();
  });
  return suite;
}
