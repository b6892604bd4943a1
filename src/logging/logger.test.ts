import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger } from './logger.ts';

function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('info', destination), lines };
}

/** A store error as node-postgres and PGlite raise them: the failed statement and its parameters ride along. */
function storeError(): Error {
  return Object.assign(new Error('unsupported Unicode escape sequence'), {
    code: '22P05',
    query: 'insert into stripe_events (event) values ($1)',
    params: ['{"data":{"object":{"email":"jane@example.com"}}}'],
    detail: 'jane@example.com',
  });
}

describe('logged errors', () => {
  it('keep their kind, message, code and stack, and never the parameters or details a store error carries', () => {
    const { logger, lines } = capturedLogger();
    logger.error({ err: storeError() }, 'request failed');
    logger.error({ error: new Error('wrapped', { cause: storeError() }) }, 'sync crashed');
    const logged = lines.join('');
    assert.ok(!logged.includes('example.com'), logged);
    const first = JSON.parse(lines[0]!);
    assert.equal(first.err.message, 'unsupported Unicode escape sequence');
    assert.equal(first.err.code, '22P05');
    assert.equal(first.err.type, 'Error');
    assert.equal(JSON.parse(lines[1]!).error.cause.code, '22P05');
  });
});
