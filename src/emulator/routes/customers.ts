/** GET /v1/customers and /v1/customers/:id. Deleted customers are never listed but still retrievable. */
import type { FastifyInstance } from 'fastify';
import type { StripeCustomer } from '../../metrics/stripe-shapes.ts';
import { optionalString } from '../list-params.ts';
import { renderCustomer } from '../render.ts';
import { registerList, registerRetrieve } from '../route-kit.ts';
import type { EmulatorState } from '../state.ts';

export function registerCustomerRoutes(app: FastifyInstance, state: EmulatorState): void {
  registerList<StripeCustomer>(app, state, {
    path: '/v1/customers',
    objectName: 'customer',
    params: { extra: ['email'], created: true },
    expandable: [],
    source: (ctx) => ctx.state.collection('customer').newestFirst(),
    filter: ({ query }) => {
      const email = optionalString(query, 'email');
      return (customer) => !customer.deleted && (email === null || customer.email === email);
    },
    render: (s, customer) => renderCustomer(s, customer),
  });
  registerRetrieve<StripeCustomer>(app, state, {
    path: '/v1/customers/:id',
    objectName: 'customer',
    expandable: [],
    find: (s, id) => s.get('customer', id),
    render: (s, customer) => renderCustomer(s, customer),
  });
}
