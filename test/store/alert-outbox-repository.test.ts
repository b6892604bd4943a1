import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AlertBody } from '../../src/alerts/alert-body.ts';
import { alertOutboxRepository } from '../../src/store/alert-outbox-repository.ts';
import { openTestDatabase } from '../support/test-database.ts';

describe(`alert outbox: when the next alert is due (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('nothing waiting: none is due (an idle sender sleeps, not polls); one waiting: due now', async () => {
    const { db, drop } = await openTestDatabase();
    try {
      const outbox = alertOutboxRepository(db);
      assert.equal(await outbox.nextDueInMs(), undefined);
      await outbox.add([{ id: 'movement:cus_a:1:new', rule: 'movements', urgent: false, channels: ['webhook'], body: { id: 'movement:cus_a:1:new', type: 'new' } as unknown as AlertBody }]);
      assert.equal(await outbox.nextDueInMs(), 0);
    } finally {
      await drop();
    }
  });
});
