import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { customerDetailJson } from '../http/answers/customer-answer.ts';
import { BadRequestError } from '../http/errors.ts';
import type { RevenueService } from '../service/revenue-service.ts';
import { registerReadOnlyTool, type ToolLogger } from './read-only-tool.ts';

const text = (what: string) => z.string().min(1, `${what} must not be empty`).max(255, `${what} must be at most 255 characters`);

/** get_customer: GET /api/customers/{id}, found by id or by e-mail. */
export function registerCustomerTools(server: McpServer, service: RevenueService, logger: ToolLogger): void {
  registerReadOnlyTool(server, logger, {
    name: 'get_customer',
    title: 'One customer',
    description:
      'A customer’s subscriptions, MRR, MRR movements and 24 months of MRR (GET /api/customers/{id}). Give `id` (cus_…) or `email` (matched exactly, ignoring case), not both.',
    input: { id: text('id').optional().describe('the Stripe customer id, cus_…'), email: text('email').optional().describe('the customer’s e-mail') },
    output: z.looseObject({
      id: z.string(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      currency: z.string(),
      mrr: z.number().describe('MRR in major units of the reporting currency'),
      mrr_by_currency: z.record(z.string(), z.number()),
      subscriptions: z.array(z.looseObject({ id: z.string(), status: z.string().nullable(), mrr: z.number().nullable(), currency: z.string().nullable() })),
      movements: z.array(z.looseObject({ at: z.string().nullable(), type: z.string(), amount: z.number().nullable() })),
      mrr_history: z.array(z.object({ date: z.string(), mrr: z.number() })),
    }),
    async answer({ id, email }) {
      if ((id === undefined) === (email === undefined)) throw new BadRequestError('give either id or email');
      const customerId = id ?? (await idOfEmail(service, email!));
      const customer = await customerDetailJson(service, customerId);
      if (customer === undefined) throw new BadRequestError(`no customer with id ${customerId}`);
      return customer;
    },
  });
}

async function idOfEmail(service: RevenueService, email: string): Promise<string> {
  const ids = await service.reads.customerDetail.idsWithEmail(email);
  if (ids.length === 0) throw new BadRequestError(`no customer with e-mail ${email}`);
  if (ids.length > 1) throw new BadRequestError(`${ids.length} customers have e-mail ${email} (${ids.slice(0, 10).join(', ')}); ask by id`);
  return ids[0]!;
}
