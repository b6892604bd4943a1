/** A generated subscription's upgrades and downgrades: a quantity change, or a move to another flat price. */
import type { StripePrice } from '../metrics/stripe-shapes.ts';
import type { ItemChange, StoryInput } from './story-types.ts';

/** Up to two upgrades or downgrades, at distinct boundaries inside the billed periods 1 … periods-1. */
export function planChanges(input: StoryInput, periods: number): ItemChange[] {
  const { rng } = input;
  if (periods < 2) return [];
  const wanted = rng.chance(0.3) ? (rng.chance(0.3) ? 2 : 1) : 0;
  const boundaries = new Set<number>();
  for (let i = 0; i < wanted; i++) boundaries.add(rng.int(1, periods - 1));
  const current: Array<{ price: StripePrice; quantity?: number }> = input.items.map((item) => ({ ...item }));
  const changes: ItemChange[] = [];
  for (const boundary of [...boundaries].sort((a, b) => a - b)) {
    const index = rng.int(0, current.length - 1);
    const item = current[index];
    if (!item || item.price.recurring?.usage_type === 'metered') continue;
    let next: { price: StripePrice; quantity?: number } | null = null;
    if (item.quantity !== undefined) {
      const q = item.quantity;
      next = { price: item.price, quantity: rng.chance(0.6) ? q + rng.int(1, Math.max(1, q)) : Math.max(1, q - rng.int(1, Math.max(1, Math.floor(q / 2)))) };
    } else {
      const used = new Set(current.map((c) => c.price.id));
      const options = input.choices.filter((c) => (c.kind === 'flat' || c.kind === 'fractional') && !used.has(c.price.id));
      if (options.length > 0) next = { price: rng.pick(options).price };
    }
    if (!next || (next.price === item.price && next.quantity === item.quantity)) continue;
    current[index] = next;
    changes.push({ boundary, item: index, ...next });
  }
  return changes;
}
