/** GET /v1/prices and /v1/prices/:id. Tiers appear only with `expand[]=(data.)tiers`, as at Stripe. */
import type { FastifyInstance } from 'fastify';
import type { StripePrice } from '../../metrics/stripe-shapes.ts';
import { invalidRequest } from '../errors.ts';
import { optionalString } from '../list-params.ts';
import { renderPrice } from '../render.ts';
import { registerList, registerRetrieve } from '../route-kit.ts';
import type { EmulatorState } from '../state.ts';

function optionalBoolean(raw: string | null, param: string): boolean | null {
  if (raw === null) return null;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw invalidRequest(`Invalid boolean: ${raw}`, param);
}

export function registerPriceRoutes(app: FastifyInstance, state: EmulatorState): void {
  registerList<StripePrice>(app, state, {
    path: '/v1/prices',
    objectName: 'price',
    params: { extra: ['active', 'currency', 'product', 'type'], created: true },
    expandable: ['tiers'],
    source: (ctx) => ctx.state.collection('price').newestFirst(),
    filter: ({ query }) => {
      const active = optionalBoolean(optionalString(query, 'active'), 'active');
      const currency = optionalString(query, 'currency');
      const product = optionalString(query, 'product');
      const type = optionalString(query, 'type');
      return (price) =>
        (active === null || price.active === active) &&
        (currency === null || price.currency === currency) &&
        (product === null || price.product === product) &&
        (type === null || price.type === type);
    },
    render: (_s, price, expand) => renderPrice(price, expand),
  });
  registerRetrieve<StripePrice>(app, state, {
    path: '/v1/prices/:id',
    objectName: 'price',
    expandable: ['tiers'],
    find: (s, id) => s.get('price', id),
    render: (_s, price, expand) => renderPrice(price, expand),
  });
}
