/**
 * One type's listing, split into `created` time slices that can be listed in parallel, as the Stripe
 * Sync Engine backfills. A list is newest first and its size unknown, so slices are cut as the listing
 * learns: a slice that has shown a full page still has objects older than that page, and the time left
 * between them and the slice's start is halved for an idle worker. Empty old ranges cost one request each.
 */

/** Stripe's first accounts date from 2011: nothing in any account is older. */
export const STRIPE_EPOCH_SECONDS = 1_293_840_000;
/** A slice is split only when, at the density it has shown, it has this many objects left: two pages. */
const MIN_SPLIT_OBJECTS = 200;

export interface TimeSlice {
  /** Objects created at or after this second… */
  gte: number;
  /** …and before this one. */
  lt: number;
  /** The last object listed: where the next page starts. */
  cursor: string | undefined;
  /** The last object of the pages stored: where a resumed listing starts. */
  storedCursor: string | undefined;
  /** Creation time of the oldest object listed so far; what is left lies in [gte, oldestSeen]. */
  oldestSeen: number | undefined;
  /** Creation time of the newest object listed, and how many were listed: the slice's density so far. */
  newestSeen: number | undefined;
  seen: number;
  /** Its last page has been listed. */
  exhausted: boolean;
}

function newSlice(gte: number, lt: number, cursor?: string): TimeSlice {
  return { gte, lt, cursor, storedCursor: cursor, oldestSeen: undefined, newestSeen: undefined, seen: 0, exhausted: false };
}

/** A slice as stored, to resume from: its range, and where its stored pages end. */
export interface SliceCheckpoint {
  gte: number;
  lt: number;
  cursor?: string;
}

/** A type's listing as stored with each of its pages. */
export interface ListingCheckpoint {
  /** When its first page was requested: the version a complete listing's deletions are judged by. */
  listedFrom: number;
  /** Listed to its end and handed over. */
  done: boolean;
  /** What is left to list. */
  slices: SliceCheckpoint[];
}

export interface Created {
  id: string;
  created?: number;
}

export class SlicedListing {
  private readonly waiting: TimeSlice[];
  private readonly active = new Set<TimeSlice>();
  /** Slices cut from others so far. */
  splits = 0;

  /** The whole of time up to now, or what a stored listing had left. */
  constructor(nowSeconds: number, resume?: readonly SliceCheckpoint[]) {
    this.waiting = resume ? resume.map((s) => newSlice(s.gte, s.lt, s.cursor)) : [newSlice(STRIPE_EPOCH_SECONDS, nowSeconds + 1)];
  }

  get finished(): boolean {
    return this.waiting.length === 0 && this.active.size === 0;
  }

  /** What time is left to list, in seconds: how much a worker would gain from a split here. */
  get widestRemaining(): number {
    let widest = 0;
    for (const slice of this.active) widest = Math.max(widest, remaining(slice));
    return this.waiting.length > 0 ? Infinity : widest;
  }

  /** A slice for an idle worker: one waiting, or the older half of what the widest active slice has left. */
  take(): TimeSlice | undefined {
    let slice = this.waiting.shift();
    if (!slice) {
      const widest = [...this.active].sort((a, b) => remaining(b) - remaining(a))[0];
      if (!widest || estimatedLeft(widest) < MIN_SPLIT_OBJECTS) return undefined;
      const mid = widest.gte + Math.floor(remaining(widest) / 2);
      slice = newSlice(widest.gte, mid);
      widest.gte = mid;
      this.splits += 1;
    }
    this.active.add(slice);
    return slice;
  }

  /**
   * A page of `slice` came back. Objects outside the slice (its older part was cut off while the page
   * was in flight) belong to another slice and are dropped. Returns those to keep, and whether the slice
   * has more.
   */
  listed<T extends Created>(slice: TimeSlice, objects: readonly T[], hasMore: boolean): { keep: T[]; more: boolean } {
    const keep = objects.filter((o) => inSlice(slice, o.created));
    const last = objects[objects.length - 1];
    const more = hasMore && last !== undefined && inSlice(slice, last.created);
    if (last !== undefined) {
      slice.cursor = last.id;
      slice.oldestSeen = last.created;
      slice.newestSeen ??= objects[0]!.created;
      slice.seen += keep.length;
    }
    slice.exhausted = !more;
    return { keep, more };
  }

  /**
   * What is left to list once `page` (the page of one slice, just listed) is stored too: every other
   * slice from where its stored pages end, so a resumed listing never skips a page that was not stored.
   */
  checkpoint(page: { slice: TimeSlice; exhausted: boolean }): SliceCheckpoint[] {
    const left: SliceCheckpoint[] = [];
    for (const slice of [...this.waiting, ...this.active]) {
      if (slice === page.slice && page.exhausted) continue;
      const cursor = slice === page.slice ? slice.cursor : slice.storedCursor;
      left.push({ gte: slice.gte, lt: slice.lt, ...(cursor === undefined ? {} : { cursor }) });
    }
    return left;
  }

  /** The worker is done with the slice: its pages are stored, or its listing failed. */
  done(slice: TimeSlice): void {
    this.active.delete(slice);
  }
}

/** Seconds not yet listed; a slice that has shown no page yet is not split, since its size is unknown. */
function remaining(slice: TimeSlice): number {
  return slice.oldestSeen === undefined || slice.exhausted ? 0 : slice.oldestSeen - slice.gte;
}

/**
 * Objects the slice still holds if the rest is as dense as what it has shown. Accounts are young
 * beside Stripe's epoch, so this overestimates an old slice; the split that finds it empty costs a request.
 */
function estimatedLeft(slice: TimeSlice): number {
  if (slice.newestSeen === undefined || slice.oldestSeen === undefined) return 0;
  const shownSeconds = Math.max(1, slice.newestSeen - slice.oldestSeen);
  return (slice.seen * remaining(slice)) / shownSeconds;
}

/** An object without a creation time (none of the synced types lacks one) is kept wherever it is listed. */
function inSlice(slice: TimeSlice, created: number | undefined): boolean {
  return created === undefined || (created >= slice.gte && created < slice.lt);
}
