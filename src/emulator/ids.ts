/**
 * Deterministic Stripe-style ids (`cus_…`, `sub_…`). A counter per prefix, not randomness, so the
 * same build steps always give the same ids and tests can name objects they did not keep a handle to.
 */

const ID_BODY_LENGTH = 14;

export class IdFactory {
  private readonly counters = new Map<string, number>();

  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}_${n.toString(36).padStart(ID_BODY_LENGTH, '0')}`;
  }
}
