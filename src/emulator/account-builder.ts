/**
 * Builds consistent Stripe-shaped objects into an EmulatorState with sensible defaults and
 * deterministic ids, for tests and for the generated demo account. Each method stores what it builds
 * and returns it, so a test can write `b.subscription({ customer: b.customer(), items: [{ price }] })`.
 */
import type {
  StripeCharge,
  StripeCoupon,
  StripeCustomer,
  StripeDiscount,
  StripeInvoice,
  StripePrice,
  StripeSubscription,
} from '../metrics/stripe-shapes.ts';
import { buildCharge, buildInvoice } from './build-billing.ts';
import { buildCoupon, buildDiscount, buildPrice } from './build-catalog.ts';
import { buildCustomer, buildSubscription } from './build-subscription.ts';
import type {
  ChargeInput,
  CouponInput,
  CustomerInput,
  DiscountInput,
  InvoiceInput,
  PriceInput,
  SubscriptionInput,
} from './builder-inputs.ts';
import { EmulatorState, type EmulatorStateOptions } from './state.ts';

export type * from './builder-inputs.ts';

export class AccountBuilder {
  readonly state: EmulatorState;

  /** Builds into `state`, or into a new one whose clock is `options.now`. */
  constructor(state: EmulatorState | EmulatorStateOptions = {}) {
    this.state = state instanceof EmulatorState ? state : new EmulatorState(state);
  }

  coupon(input: CouponInput = {}): StripeCoupon {
    return buildCoupon(this.state, input);
  }

  discount(input: DiscountInput): StripeDiscount {
    return buildDiscount(this.state, input);
  }

  price(input: PriceInput = {}): StripePrice {
    return buildPrice(this.state, input);
  }

  customer(input: CustomerInput = {}): StripeCustomer {
    return buildCustomer(this.state, input);
  }

  subscription(input: SubscriptionInput): StripeSubscription {
    return buildSubscription(this.state, input);
  }

  charge(input: ChargeInput): StripeCharge {
    return buildCharge(this.state, input);
  }

  invoice(input: InvoiceInput): StripeInvoice {
    return buildInvoice(this.state, input);
  }
}
