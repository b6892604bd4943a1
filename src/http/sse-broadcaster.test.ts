import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { after, describe, test } from 'node:test';
import { SseBroadcaster, type StreamClient } from './sse-broadcaster.ts';

function fakeClient(): StreamClient & { chunks: string[]; destroyed: boolean; ended: boolean } {
  return {
    chunks: [],
    destroyed: false,
    ended: false,
    writableLength: 0,
    write(chunk) {
      this.chunks.push(chunk);
      return true;
    },
    destroy() {
      this.destroyed = true;
    },
    end() {
      this.ended = true;
    },
  };
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('SseBroadcaster', () => {
  test('renders each change once, and writes that same frame to every client', () => {
    let renders = 0;
    const broadcaster = new SseBroadcaster(() => `{"n":${++renders}}`, { maxClients: 1_000, maxBufferedBytes: 1024, heartbeatMs: 60_000 });
    const clients = Array.from({ length: 500 }, fakeClient);
    for (const client of clients) assert.equal(broadcaster.add(client), true);
    const joined = renders;
    for (let i = 0; i < 5; i++) broadcaster.publish();
    assert.equal(renders - joined, 5);
    for (const client of clients) {
      assert.equal(client.chunks.length, 6);
      assert.deepEqual(client.chunks.slice(1), clients[0]!.chunks.slice(1));
    }
    assert.match(clients[0]!.chunks.at(-1)!, /^id: \d+\nevent: revenue\ndata: \{"n":\d+\}\n\n$/);
    broadcaster.end(5000);
    assert.ok(clients.every((c) => c.ended && c.chunks.at(-1) === 'retry: 5000\n\n'));
    assert.equal(broadcaster.size, 0);
  });

  test('renders nothing while no one listens', () => {
    let renders = 0;
    const broadcaster = new SseBroadcaster(() => String(++renders), { maxClients: 10, maxBufferedBytes: 1024, heartbeatMs: 60_000 });
    broadcaster.publish();
    assert.equal(renders, 0);
  });

  test('takes no client past the cap, and has room again once one leaves', () => {
    const broadcaster = new SseBroadcaster(() => '{}', { maxClients: 2, maxBufferedBytes: 1024, heartbeatMs: 60_000 });
    const [a, b, c] = [fakeClient(), fakeClient(), fakeClient()];
    assert.equal(broadcaster.add(a), true);
    assert.equal(broadcaster.add(b), true);
    assert.equal(broadcaster.hasRoom(), false);
    assert.equal(broadcaster.add(c), false);
    assert.deepEqual(c.chunks, []);
    broadcaster.remove(a);
    assert.equal(broadcaster.add(c), true);
    broadcaster.end(1000);
  });

  test('sends a heartbeat comment on quiet streams', async () => {
    const broadcaster = new SseBroadcaster(() => '{}', { maxClients: 2, maxBufferedBytes: 1024, heartbeatMs: 10 });
    const client = fakeClient();
    broadcaster.add(client);
    try {
      await waitFor(() => client.chunks.includes(': keep-alive\n\n'), 'a heartbeat');
    } finally {
      broadcaster.end(1000);
    }
  });

  describe('over real sockets', () => {
    const pad = 'x'.repeat(64 * 1024);
    let sequence = 0;
    const broadcaster = new SseBroadcaster(() => `{"n":${++sequence},"pad":"${pad}"}`, {
      maxClients: 10,
      maxBufferedBytes: 256 * 1024,
      heartbeatMs: 60_000,
    });
    let server: Server;
    after(async () => {
      broadcaster.end(1000);
      await new Promise((resolve) => server?.close(resolve));
    });

    test('a client that never reads is dropped once its unsent data passes the limit; the others keep receiving', async () => {
      server = createServer((_request, response: ServerResponse) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.on('close', () => broadcaster.remove(response));
        broadcaster.add(response);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };

      // The reader: counts whole frames and remembers the last number it saw.
      let last = 0;
      const reader = (await fetch(`http://127.0.0.1:${port}/`)).body!.getReader();
      void (async () => {
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
            last = Number(/"n":(\d+)/.exec(buffer.slice(0, end))?.[1] ?? last);
            buffer = buffer.slice(end + 2);
          }
        }
      })();
      await waitFor(() => broadcaster.size === 1 && last > 0, 'the reader');

      // The one that never reads: its request is sent, and then nothing is taken off the socket.
      let slowClosed = false;
      const slow = connect(port, '127.0.0.1', () => slow.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`));
      slow.on('close', () => (slowClosed = true));
      slow.on('error', () => undefined);
      slow.pause();
      await waitFor(() => broadcaster.size === 2, 'the slow client to join');

      // Changes in step with the reader, until the kernel's buffers are full and the slow one's backlog grows.
      const deadline = Date.now() + 20_000;
      while (broadcaster.size === 2) {
        assert.ok(Date.now() < deadline, 'the slow client was never dropped');
        broadcaster.publish();
        const published = sequence;
        await waitFor(() => last === published, `the reader to get frame ${published}`);
      }
      // A paused socket sees no end: reading again shows the server closed it.
      slow.resume();
      await waitFor(() => slowClosed, 'the slow client’s connection to be closed');
      assert.equal(broadcaster.size, 1);

      for (let i = 0; i < 3; i++) broadcaster.publish();
      const published = sequence;
      await waitFor(() => last === published, 'the reader to go on receiving');
      await reader.cancel();
      slow.destroy();
    });
  });
});
