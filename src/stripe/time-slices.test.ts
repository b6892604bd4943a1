import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SlicedListing, STRIPE_EPOCH_SECONDS, type Created, type TimeSlice } from './time-slices.ts';

const NOW = 1_800_000_000;

/** A list of `n` objects, one a minute back from NOW, listed newest first as Stripe does. */
function account(n: number): Created[] {
  return Array.from({ length: n }, (_, i) => ({ id: `obj_${String(i).padStart(6, '0')}`, created: NOW - 60 * i }));
}

/** Stripe's list over one slice: created within it, after the cursor, 100 at a time. */
function listPage(objects: readonly Created[], slice: TimeSlice, gteAtRequest = slice.gte) {
  const start = slice.cursor === undefined ? 0 : objects.findIndex((o) => o.id === slice.cursor) + 1;
  const matching = objects.slice(start).filter((o) => o.created! >= gteAtRequest && o.created! < slice.lt);
  return { data: matching.slice(0, 100), hasMore: matching.length > 100 };
}

/** Lists everything with `workers` slices in flight, round-robin, as the sync's workers would. */
function listAll(objects: readonly Created[], workers: number) {
  const listing = new SlicedListing(NOW);
  const listed: string[] = [];
  let requests = 0;
  const active: TimeSlice[] = [];
  while (!listing.finished) {
    while (active.length < workers) {
      const slice = listing.take();
      if (!slice) break;
      active.push(slice);
    }
    for (const slice of [...active]) {
      const page = listPage(objects, slice);
      requests++;
      const { keep, more } = listing.listed(slice, page.data, page.hasMore);
      listed.push(...keep.map((o) => o.id));
      if (!more) {
        listing.done(slice);
        active.splice(active.indexOf(slice), 1);
      }
    }
  }
  return { listed, requests, splits: listing.splits };
}

describe('time-sliced listing', () => {
  for (const [name, n, workers] of [
    ['an empty list', 0, 4],
    ['one page', 80, 4],
    ['a few pages', 450, 4],
    ['many pages, one worker', 3_000, 1],
    ['many pages, eight workers', 20_000, 8],
  ] as const) {
    test(`${name}: every object exactly once, and few requests beyond the pages`, () => {
      const objects = account(n);
      const { listed, requests, splits } = listAll(objects, workers);
      assert.deepEqual([...listed].sort(), objects.map((o) => o.id).sort());
      assert.equal(new Set(listed).size, listed.length, 'no object twice');
      const pages = Math.max(1, Math.ceil(n / 100));
      assert.ok(requests <= pages + 2 * splits + 1, `${requests} requests for ${pages} pages and ${splits} splits`);
      if (workers === 1) assert.equal(splits, 0);
      if (n >= 20_000) assert.ok(splits >= workers - 1, 'the work was spread');
    });
  }

  test('a page that comes back after its slice was cut keeps only what is still its own', () => {
    const objects = account(1_000);
    const listing = new SlicedListing(NOW);
    const first = listing.take()!;
    assert.equal(first.gte, STRIPE_EPOCH_SECONDS);
    listing.listed(first, listPage(objects, first).data, true);
    const requestedWith = first.gte;
    const older = listing.take()!;
    assert.equal(older.lt, first.gte, 'the cut-off half starts where the slice now ends');
    const late = listPage(objects, first, requestedWith);
    const { keep } = listing.listed(first, late.data, late.hasMore);
    assert.ok(keep.every((o) => o.created! >= first.gte));
    assert.ok(late.data.length >= keep.length);
  });

  test('a slice is not split before it has shown a page, nor when little is left', () => {
    const listing = new SlicedListing(NOW);
    const first = listing.take()!;
    assert.equal(listing.take(), undefined, 'nothing known yet');
    listing.listed(first, account(100), true);
    first.gte = NOW - 60 * 150;
    assert.equal(listing.take(), undefined, 'about 50 objects left');
  });

  test('a checkpoint resumes every slice from where its stored pages end, never past a page not stored', () => {
    const objects = account(5_000);
    const listing = new SlicedListing(NOW);
    const stored = new Set<string>();
    const a = listing.take()!;
    let page = listPage(objects, a);
    listing.listed(a, page.data, page.hasMore);
    page.data.forEach((o) => stored.add(o.id));
    a.storedCursor = a.cursor;
    const b = listing.take()!;
    const bPage = listPage(objects, b);
    listing.listed(b, bPage.data, bPage.hasMore);
    // b's page is listed but not stored; a's second page is being stored with the checkpoint.
    page = listPage(objects, a);
    listing.listed(a, page.data, page.hasMore);
    page.data.forEach((o) => stored.add(o.id));
    const checkpoint = listing.checkpoint({ slice: a, exhausted: false });

    const resumed = listAllFrom(objects, new SlicedListing(NOW, checkpoint));
    const all = new Set([...stored, ...resumed]);
    assert.equal(all.size, objects.length, 'nothing is lost');
    assert.ok(resumed.every((id) => !stored.has(id)), 'nothing stored is listed again');
  });
});

function listAllFrom(objects: readonly Created[], listing: SlicedListing): string[] {
  const listed: string[] = [];
  for (let slice = listing.take(); slice; slice = listing.take()) {
    for (let more = true; more; ) {
      const page = listPage(objects, slice);
      const result = listing.listed(slice, page.data, page.hasMore);
      listed.push(...result.keep.map((o) => o.id));
      more = result.more;
    }
    listing.done(slice);
  }
  return listed;
}

