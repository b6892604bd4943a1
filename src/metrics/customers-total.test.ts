// Rule 8: customers_total counts every customer that is not deleted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countCustomers } from './customers-total.ts';
import { customer } from './test-fixtures.ts';

describe('countCustomers (rule 8)', () => {
  const rows = [
    { name: 'no customers', customers: [], expected: 0 },
    { name: 'customers without a deleted flag count', customers: [customer({ id: 'a' }), customer({ id: 'b' })], expected: 2 },
    { name: 'deleted customers do not', customers: [customer({ id: 'a' }), customer({ id: 'b', deleted: true }), customer({ id: 'c', deleted: false })], expected: 2 },
  ];
  for (const row of rows) it(row.name, () => assert.equal(countCustomers(row.customers), row.expected));
});
