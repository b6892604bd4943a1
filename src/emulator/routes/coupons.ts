/** GET /v1/coupons and /v1/coupons/:id. */
import type { FastifyInstance } from 'fastify';
import type { StripeCoupon } from '../../metrics/stripe-shapes.ts';
import { registerList, registerRetrieve } from '../route-kit.ts';
import type { EmulatorState } from '../state.ts';

export function registerCouponRoutes(app: FastifyInstance, state: EmulatorState): void {
  registerList<StripeCoupon>(app, state, {
    path: '/v1/coupons',
    objectName: 'coupon',
    params: { extra: [], created: true },
    expandable: [],
    source: (ctx) => ctx.state.collection('coupon').newestFirst(),
    render: (_s, coupon) => coupon,
  });
  registerRetrieve<StripeCoupon>(app, state, {
    path: '/v1/coupons/:id',
    objectName: 'coupon',
    expandable: [],
    find: (s, id) => s.get('coupon', id),
    render: (_s, coupon) => coupon,
  });
}
