/** The objects an emulated account holds, by type, and the read-only view of them that rendering needs. */
import type {
  StripeCharge,
  StripeCoupon,
  StripeCreditNote,
  StripeCustomer,
  StripeDiscount,
  StripeEvent,
  StripeInvoice,
  StripePrice,
  StripeSubscription,
} from '../metrics/stripe-shapes.ts';

export interface StoredTypes {
  customer: StripeCustomer;
  subscription: StripeSubscription;
  price: StripePrice;
  coupon: StripeCoupon;
  charge: StripeCharge;
  invoice: StripeInvoice;
  credit_note: StripeCreditNote;
  event: StripeEvent;
}

export type ObjectType = keyof StoredTypes;

/** What rendering and the MRR plan read of an account: objects by id, and discounts, which are never listed. */
export interface AccountLookup {
  readonly discounts: ReadonlyMap<string, StripeDiscount>;
  get<K extends ObjectType>(type: K, id: string): StoredTypes[K] | undefined;
}
