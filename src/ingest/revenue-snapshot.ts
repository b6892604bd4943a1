import {
  chargeNetRevenue,
  countCustomers,
  RevenueTotals,
  subscriptionContribution,
  type Contribution,
  type DiscountPolicy,
  type RatesConfig,
  type Snapshot,
} from '../metrics/index.ts';
import type { StripeCharge, StripeCustomer, StripeSubscription } from '../metrics/stripe-shapes.ts';
import type { ObjectsRepository, ObjectType } from '../store/objects-repository.ts';
import { loadPricingData, scanCharges, scanSubscriptions, type PricingData } from './load-metric-inputs.ts';

export interface MetricsSettings {
  rates: RatesConfig;
  discountPolicy: DiscountPolicy;
}

/** A subscription the engine refused to price (say, a tiered price stored without its tiers). */
export type UnpricedHandler = (subscriptionId: string, reason: string) => void;

/**
 * The figures the API serves, computed from stored data when the data changes and never per request.
 * A full rebuild follows each sync; a stored change to one object costs only the subscriptions it
 * touches, and the snapshot after it one step per currency.
 */
export class RevenueSnapshot {
  private totals = new RevenueTotals();
  private pricing: PricingData = { prices: new Map(), coupons: new Map(), customers: new Map() };
  private snapshot: Snapshot;
  private readonly listeners = new Set<(snapshot: Snapshot) => void>();

  constructor(
    private readonly objects: ObjectsRepository,
    private readonly settings: MetricsSettings,
    private readonly nowSeconds: () => number,
    private readonly onUnpriced: UnpricedHandler = () => undefined,
  ) {
    this.snapshot = this.totals.snapshot(settings.rates);
  }

  current(): Snapshot {
    return this.snapshot;
  }

  contributions(): ReadonlyMap<string, Contribution> {
    return this.totals.allContributions();
  }

  pricingData(): Readonly<PricingData> {
    return this.pricing;
  }

  /** Called with every new snapshot; returns the unsubscribe function. */
  subscribe(listener: (snapshot: Snapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async rebuild(): Promise<Snapshot> {
    const totals = new RevenueTotals();
    this.pricing = await loadPricingData(this.objects);
    for await (const batch of scanSubscriptions(this.objects)) {
      for (const sub of batch) totals.setContribution(sub.id, this.contributionOf(sub));
    }
    for await (const batch of scanCharges(this.objects)) {
      for (const charge of batch) totals.setCharge(charge.id, chargeNetRevenue(charge));
    }
    totals.customersTotal = countCustomers(this.pricing.customers.values());
    this.totals = totals;
    return this.publish();
  }

  /** Brings the figures in line with the stored state of one object that just changed. */
  async applyStoredChange(type: ObjectType, id: string): Promise<Snapshot> {
    switch (type) {
      case 'subscription': {
        const stored = await this.objects.get<StripeSubscription>('subscription', id);
        this.totals.setContribution(id, stored && !stored.deleted ? this.contributionOf(stored.data) : undefined);
        break;
      }
      case 'charge': {
        const stored = await this.objects.get<StripeCharge>('charge', id);
        this.totals.setCharge(id, stored && !stored.deleted ? chargeNetRevenue(stored.data) : undefined);
        break;
      }
      case 'customer': {
        const stored = await this.objects.get<StripeCustomer>('customer', id);
        if (stored) this.pricing.customers.set(id, stored.data);
        this.totals.customersTotal = countCustomers(this.pricing.customers.values());
        // The customer's discount applies to those of its subscriptions that have none of their own.
        for (const sub of await this.objects.byCustomer<StripeSubscription>('subscription', id)) {
          this.totals.setContribution(sub.id, sub.deleted ? undefined : this.contributionOf(sub.data));
        }
        break;
      }
      case 'price':
      case 'coupon':
        // Rare, and any subscription may refer to them: price everything again.
        return this.rebuild();
      case 'invoice':
      case 'credit_note':
        // History reads invoices when next asked; revenue counts refunds from charges.
        return this.publish();
    }
    return this.publish();
  }

  private contributionOf(sub: StripeSubscription) {
    try {
      return subscriptionContribution(sub, {
        prices: this.pricing.prices,
        coupons: this.pricing.coupons,
        customer: this.pricing.customers.get(sub.customer),
        policy: this.settings.discountPolicy,
        asOf: this.nowSeconds(),
      });
    } catch (error) {
      // One unpriceable subscription must not take every other figure down with it.
      this.onUnpriced(sub.id, (error as Error).message);
      return undefined;
    }
  }

  private publish(): Snapshot {
    this.snapshot = this.totals.snapshot(this.settings.rates);
    for (const listener of this.listeners) listener(this.snapshot);
    return this.snapshot;
  }
}
