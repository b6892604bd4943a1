import type { StripeSubscription, StripeSubscriptionItem } from '../metrics/stripe-shapes.ts';
import type { Queryable } from '../store/database.ts';
import { objectsRepository } from '../store/objects-repository.ts';
import type { StripeReader } from '../stripe/stripe-reader.ts';

type ItemAsSent = Partial<Pick<StripeSubscriptionItem, 'price'>> & { plan?: { id?: unknown } | null };

function itemPriceId(item: ItemAsSent): string[] {
  const id = item.price?.id ?? item.plan?.id;
  return typeof id === 'string' ? [id] : [];
}

/**
 * The prices these subscriptions use that the store doesn't hold yet: created after the sync listed
 * prices, or arriving before their `price.created`. An item embeds its price without tiers, so the
 * price itself is fetched, with them.
 */
export async function fetchUnknownPrices(reader: StripeReader, db: Queryable, subscriptions: readonly StripeSubscription[]): Promise<Array<{ id: string }>> {
  // Read before the objects are (the prices must be stored first): an older API's item names a plan.
  const used = [...new Set(subscriptions.flatMap((sub) => sub.items?.data?.flatMap(itemPriceId) ?? []))];
  const stored = await objectsRepository(db).storedIds('price', used);
  const prices = [];
  // One at a time: these look-ups are rare, and a burst of them would only meet the rate limit.
  for (const id of used) if (!stored.has(id)) prices.push(await reader.price(id));
  return prices;
}
