/** GET /v1/credit_notes and /v1/credit_notes/:id. */
import type { FastifyInstance } from 'fastify';
import type { StripeCreditNote } from '../../metrics/stripe-shapes.ts';
import { optionalString } from '../list-params.ts';
import { registerList, registerRetrieve } from '../route-kit.ts';
import type { EmulatorState } from '../state.ts';

export function registerCreditNoteRoutes(app: FastifyInstance, state: EmulatorState): void {
  registerList<StripeCreditNote>(app, state, {
    path: '/v1/credit_notes',
    objectName: 'credit_note',
    params: { extra: ['customer', 'invoice'], created: true },
    expandable: [],
    source: (ctx) => ctx.state.collection('credit_note').newestFirst(),
    filter: ({ query }) => {
      const customer = optionalString(query, 'customer');
      const invoice = optionalString(query, 'invoice');
      return (note) => (customer === null || note.customer === customer) && (invoice === null || note.invoice === invoice);
    },
    render: (_s, note) => note,
  });
  registerRetrieve<StripeCreditNote>(app, state, {
    path: '/v1/credit_notes/:id',
    objectName: 'credit_note',
    expandable: [],
    find: (s, id) => s.get('credit_note', id),
    render: (_s, note) => note,
  });
}
