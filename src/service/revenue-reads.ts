import type { Queryable } from '../store/database.ts';
import { attentionRepository } from '../store/attention-repository.ts';
import { chargesByTimeRepository } from '../store/charges-by-time-repository.ts';
import { customerDetailRepository } from '../store/customer-detail-repository.ts';
import { customerListRepository } from '../store/customer-list-repository.ts';
import { movementRowsRepository } from '../store/movement-rows-repository.ts';

/** The store's read queries behind the drill-down, customer and activity routes and the MCP tools: each bounded by an index or a limit. */
export function revenueReads(db: Queryable) {
  return {
    customerList: customerListRepository(db),
    customerDetail: customerDetailRepository(db),
    movements: movementRowsRepository(db),
    charges: chargesByTimeRepository(db),
    attention: attentionRepository(db),
  };
}

export type RevenueReads = ReturnType<typeof revenueReads>;
