/** GET /v1/invoices, /v1/invoices/:id and /v1/invoices/:id/lines (lines beyond the 10 embedded). */
import type { FastifyInstance } from 'fastify';
import type { InvoiceStatus, StripeInvoice, StripeInvoiceLineItem } from '../../metrics/stripe-shapes.ts';
import { arraySource } from '../collection.ts';
import { invalidRequest, resourceMissing } from '../errors.ts';
import { optionalString } from '../list-params.ts';
import { renderInvoice, renderInvoiceLine } from '../render.ts';
import { registerList, registerRetrieve } from '../route-kit.ts';
import type { EmulatorState } from '../state.ts';

const EXPANDABLE = ['discounts', 'lines.data.discounts'];
const STATUSES: readonly InvoiceStatus[] = ['draft', 'open', 'paid', 'uncollectible', 'void'];

export function registerInvoiceRoutes(app: FastifyInstance, state: EmulatorState): void {
  registerList<StripeInvoice>(app, state, {
    path: '/v1/invoices',
    objectName: 'invoice',
    params: { extra: ['customer', 'status', 'subscription'], created: true },
    expandable: EXPANDABLE,
    source: (ctx) => ctx.state.collection('invoice').newestFirst(),
    filter: ({ query }) => {
      const customer = optionalString(query, 'customer');
      const status = optionalString(query, 'status');
      const subscription = optionalString(query, 'subscription');
      if (status !== null && !(STATUSES as readonly string[]).includes(status)) {
        throw invalidRequest(`Invalid status: must be one of ${STATUSES.join(', ')}`, 'status');
      }
      return (invoice) =>
        (customer === null || invoice.customer === customer) &&
        (status === null || invoice.status === status) &&
        (subscription === null || invoice.parent?.subscription_details?.subscription === subscription);
    },
    render: renderInvoice,
  });
  registerRetrieve<StripeInvoice>(app, state, {
    path: '/v1/invoices/:id',
    objectName: 'invoice',
    expandable: EXPANDABLE,
    find: (s, id) => s.get('invoice', id),
    render: renderInvoice,
  });
  registerList<StripeInvoiceLineItem>(app, state, {
    path: '/v1/invoices/:id/lines',
    objectName: 'line_item',
    params: { extra: [], created: false },
    expandable: ['discounts'],
    source: ({ state: s, params }) => {
      const id = params.id ?? '';
      const invoice = s.get('invoice', id);
      if (!invoice) throw resourceMissing('invoice', id);
      return arraySource(invoice.lines.data);
    },
    url: ({ params }) => `/v1/invoices/${params.id ?? ''}/lines`,
    render: renderInvoiceLine,
  });
}
