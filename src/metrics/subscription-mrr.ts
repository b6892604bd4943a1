import { applyDiscounts, isRunning } from './discounts.ts';
import { Fraction } from './exact.ts';
import { inclusiveTaxDivisor } from './inclusive-tax.ts';
import { monthlyFactor } from './monthly-factor.ts';
import { periodAmount } from './period-amount.ts';
import type { PricingContext } from './pricing-context.ts';
import { readablePrice } from './shapes/price-schema.ts';
import type { StripeDiscount, StripePrice, StripeSubscription } from './stripe-shapes.ts';

type LicensedPrice = StripePrice & { recurring: NonNullable<StripePrice['recurring']> };

// One-time and metered prices are not recurring revenue that can be known in advance (rule 2).
function isLicensedRecurring(price: StripePrice): price is LicensedPrice {
  return price.type === 'recurring' && price.recurring !== null && price.recurring.usage_type === 'licensed';
}

/** The subscription's own discounts win; only when it has none still running does the customer's apply. */
function subscriptionLevelDiscounts(sub: StripeSubscription, ctx: PricingContext): ReadonlyArray<string | StripeDiscount> {
  const hasOwn = sub.discounts.some((d) => typeof d === 'string' || isRunning(d, ctx.asOf));
  if (hasOwn) return sub.discounts;
  return ctx.customer?.discount ? [ctx.customer.discount] : [];
}

/**
 * The exact monthly amount (rules 2–5), not yet rounded. Counting status is the caller's concern.
 *
 * Discounts act on what the customer is charged, which includes inclusive tax; tax comes out afterwards.
 * A subscription-level discount spreads over the items in proportion to their charged amounts (as Stripe
 * spreads it over invoice lines), so the net amount shrinks by the same ratio as the charged one.
 */
export function exactMonthlyMrr(sub: StripeSubscription, ctx: PricingContext): Fraction {
  const currency = sub.currency.toLowerCase();
  let charged = Fraction.ZERO;
  let net = Fraction.ZERO;
  // An amount_off is taken once per invoice; with mixed intervals invoices follow the shortest one.
  let perBillingPeriod: Fraction | undefined;

  for (const item of sub.items.data) {
    // Read again here: an embedded price that can't be read leaves the subscription unpriced, never dropped.
    const price = readablePrice(ctx.prices.get(item.price.id) ?? item.price);
    if (!isLicensedRecurring(price)) continue;
    const toMonthly = monthlyFactor(price.recurring);
    const period = applyDiscounts(
      Fraction.of(periodAmount(price, item.quantity ?? 1)),
      item.discounts,
      { currency, amountOffScale: Fraction.of(1) },
      ctx,
    );
    const monthly = period.times(toMonthly);
    charged = charged.plus(monthly);
    net = net.plus(monthly.dividedBy(inclusiveTaxDivisor(price, item.tax_rates, sub.default_tax_rates)));
    if (perBillingPeriod === undefined || toMonthly.minus(perBillingPeriod).isPositive()) perBillingPeriod = toMonthly;
  }

  if (perBillingPeriod === undefined || !charged.isPositive()) return Fraction.ZERO;
  const discounted = applyDiscounts(
    charged,
    subscriptionLevelDiscounts(sub, ctx),
    { currency, amountOffScale: perBillingPeriod },
    ctx,
  );
  return net.times(discounted.dividedBy(charged));
}
