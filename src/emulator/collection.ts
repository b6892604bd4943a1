/**
 * One object type's store, listed the way Stripe lists: newest first by `created`, and among equal
 * `created` the later insertion first. Sorting is lazy so bulk loads (100k objects) sort once, and an
 * object appended in time order (the live-activity case) never forces a re-sort.
 */

/** A list in listing order that pagination can walk by index without copying it. */
export interface ListSource<T> {
  readonly length: number;
  at(index: number): T;
  /** Position of the id in listing order, or -1. */
  indexOf(id: string): number;
}

interface Entry<T> {
  obj: T;
  seq: number;
  /** Index in `ascending`; valid only while the collection is not dirty. */
  position: number;
}

export class Collection<T extends { id: string; created: number }> {
  private readonly byId = new Map<string, Entry<T>>();
  /** Oldest first; listing walks it from the end. */
  private ascending: Entry<T>[] = [];
  private dirty = false;
  private nextSeq = 0;

  get size(): number {
    return this.byId.size;
  }

  get(id: string): T | undefined {
    return this.byId.get(id)?.obj;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Adds a new object or replaces one with the same id; a replacement keeps its insertion rank. */
  put(obj: T): void {
    const existing = this.byId.get(obj.id);
    if (existing) {
      if (existing.obj.created !== obj.created) this.dirty = true;
      existing.obj = obj;
      return;
    }
    const last = this.ascending[this.ascending.length - 1];
    const entry: Entry<T> = { obj, seq: this.nextSeq++, position: this.ascending.length };
    this.byId.set(obj.id, entry);
    this.ascending.push(entry);
    if (last && last.obj.created > obj.created) this.dirty = true;
  }

  remove(id: string): boolean {
    if (!this.byId.delete(id)) return false;
    this.ascending = this.ascending.filter((e) => e.obj.id !== id);
    this.dirty = true;
    return true;
  }

  /** All objects, newest first. */
  newestFirst(): ListSource<T> {
    this.settle();
    const entries = this.ascending;
    const last = entries.length - 1;
    return {
      length: entries.length,
      at: (i) => (entries[last - i] as Entry<T>).obj,
      indexOf: (id) => {
        const entry = this.byId.get(id);
        return entry === undefined || entry.position > last ? -1 : last - entry.position;
      },
    };
  }

  *values(): IterableIterator<T> {
    for (const entry of this.byId.values()) yield entry.obj;
  }

  private settle(): void {
    if (!this.dirty) return;
    this.ascending.sort((a, b) => a.obj.created - b.obj.created || a.seq - b.seq);
    this.ascending.forEach((entry, i) => (entry.position = i));
    this.dirty = false;
  }
}

/** Wraps a plain array (e.g. a subscription's items) already in listing order. */
export function arraySource<T extends { id: string }>(items: readonly T[]): ListSource<T> {
  return {
    length: items.length,
    at: (i) => items[i] as T,
    indexOf: (id) => items.findIndex((item) => item.id === id),
  };
}
