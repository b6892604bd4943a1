import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Collection } from './collection.ts';

const all = (c: Collection<{ id: string; created: number }>) => {
  const source = c.newestFirst();
  return Array.from({ length: source.length }, (_, i) => source.at(i).id);
};

test('lists newest first, and among equal created the later insertion first', () => {
  const c = new Collection<{ id: string; created: number }>();
  c.put({ id: 'a', created: 10 });
  c.put({ id: 'b', created: 10 });
  c.put({ id: 'c', created: 5 }); // out of order: forces a sort
  c.put({ id: 'd', created: 20 });
  assert.deepEqual(all(c), ['d', 'b', 'a', 'c']);
  assert.equal(c.newestFirst().indexOf('a'), 2);
  assert.equal(c.newestFirst().indexOf('zz'), -1);
});

test('a replacement keeps its rank; a new created moves it; removal closes the gap', () => {
  const c = new Collection<{ id: string; created: number }>();
  for (const [id, created] of [['a', 1], ['b', 1], ['c', 1]] as const) c.put({ id, created });
  c.put({ id: 'a', created: 1 });
  assert.deepEqual(all(c), ['c', 'b', 'a']);
  c.put({ id: 'a', created: 2 });
  assert.deepEqual(all(c), ['a', 'c', 'b']);
  c.remove('c');
  assert.deepEqual(all(c), ['a', 'b']);
  assert.equal(c.size, 2);
});
