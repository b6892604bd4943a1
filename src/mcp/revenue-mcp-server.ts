import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RevenueService } from '../service/revenue-service.ts';
import { registerAttentionTools } from './attention-tools.ts';
import { registerCustomerTools } from './customer-tools.ts';
import { registerExplainChangeTool } from './explain-change-tool.ts';
import type { ToolLogger } from './read-only-tool.ts';
import { registerRevenueTools } from './revenue-tools.ts';

export const MCP_SERVER_INFO = { name: 'revenue-agent', version: '0.1.0' };

export const MCP_INSTRUCTIONS =
  'Revenue figures of one Stripe account, read-only: MRR now and over time, movements, churn, customers, failed payments, ' +
  'trials ending, and explain_change for why MRR moved. Amounts are in major units of the currency each answer names.';

/** The read-only revenue tools over the running service's figures; nothing here writes to Stripe or to the store. */
export function createRevenueMcpServer(service: RevenueService, logger: ToolLogger): McpServer {
  const server = new McpServer(MCP_SERVER_INFO, { instructions: MCP_INSTRUCTIONS });
  registerRevenueTools(server, service, logger);
  registerCustomerTools(server, service, logger);
  registerAttentionTools(server, service, logger);
  registerExplainChangeTool(server, service, logger);
  return server;
}
