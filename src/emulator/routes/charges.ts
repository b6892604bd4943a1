/** GET /v1/charges and /v1/charges/:id. */
import type { FastifyInstance } from 'fastify';
import type { StripeCharge } from '../../metrics/stripe-shapes.ts';
import { optionalString } from '../list-params.ts';
import { registerList, registerRetrieve } from '../route-kit.ts';
import type { EmulatorState } from '../state.ts';

export function registerChargeRoutes(app: FastifyInstance, state: EmulatorState): void {
  registerList<StripeCharge>(app, state, {
    path: '/v1/charges',
    objectName: 'charge',
    params: { extra: ['customer'], created: true },
    expandable: [],
    source: (ctx) => ctx.state.collection('charge').newestFirst(),
    filter: ({ query }) => {
      const customer = optionalString(query, 'customer');
      return (charge) => customer === null || charge.customer === customer;
    },
    render: (_s, charge) => charge,
  });
  registerRetrieve<StripeCharge>(app, state, {
    path: '/v1/charges/:id',
    objectName: 'charge',
    expandable: [],
    find: (s, id) => s.get('charge', id),
    render: (_s, charge) => charge,
  });
}
