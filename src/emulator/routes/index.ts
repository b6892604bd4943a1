/** Every Stripe endpoint the emulator answers, registered in one place so the surface is easy to see. */
import type { FastifyInstance } from 'fastify';
import type { EmulatorState } from '../state.ts';
import { registerChargeRoutes } from './charges.ts';
import { registerCouponRoutes } from './coupons.ts';
import { registerCreditNoteRoutes } from './credit-notes.ts';
import { registerCustomerRoutes } from './customers.ts';
import { registerEventRoutes } from './events.ts';
import { registerInvoiceRoutes } from './invoices.ts';
import { registerPriceRoutes } from './prices.ts';
import { registerSubscriptionRoutes } from './subscriptions.ts';

export function registerStripeRoutes(app: FastifyInstance, state: EmulatorState): void {
  registerCustomerRoutes(app, state);
  registerSubscriptionRoutes(app, state);
  registerPriceRoutes(app, state);
  registerCouponRoutes(app, state);
  registerChargeRoutes(app, state);
  registerInvoiceRoutes(app, state);
  registerCreditNoteRoutes(app, state);
  registerEventRoutes(app, state);
}
