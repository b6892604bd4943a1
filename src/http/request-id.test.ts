import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, test } from 'node:test';
import { requestId } from './request-id.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const withHeader = (value: string | string[] | undefined) => ({ headers: value === undefined ? {} : { 'x-request-id': value } }) as IncomingMessage;

describe('requestId', () => {
  const cases: Array<[string, string | string[] | undefined, string | RegExp]> = [
    ['none given: a new UUID', undefined, UUID],
    ['a plain token given: kept', 'lb-7f3a.2:9', 'lb-7f3a.2:9'],
    ['64 characters: kept', 'a'.repeat(64), 'a'.repeat(64)],
    ['65 characters: replaced', 'a'.repeat(65), UUID],
    ['a newline (log forging): replaced', 'abc\n{"level":60}', UUID],
    ['quotes or spaces: replaced', 'a "b"', UUID],
    ['empty: replaced', '', UUID],
    ['sent twice: replaced', ['a', 'b'], UUID],
  ];
  for (const [name, given, expected] of cases) {
    test(name, () => {
      const id = requestId(withHeader(given));
      if (typeof expected === 'string') assert.equal(id, expected);
      else assert.match(id, expected);
    });
  }
});
