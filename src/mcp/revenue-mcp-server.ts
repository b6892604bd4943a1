import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AlertsAdmin } from '../service/alerts-admin.ts';
import type { RevenueService } from '../service/revenue-service.ts';
import { registerAlertAdminTools } from './alert-admin-tools.ts';
import { registerAttentionTools } from './attention-tools.ts';
import { registerCustomerTools } from './customer-tools.ts';
import { registerExplainChangeTool } from './explain-change-tool.ts';
import type { ToolLogger } from './read-only-tool.ts';
import { registerRevenueTools } from './revenue-tools.ts';

export const MCP_SERVER_INFO = { name: 'revenue-agent', version: '0.1.0' };

export const MCP_INSTRUCTIONS =
  'Revenue figures of one Stripe account, read-only: MRR now and over time, movements, churn, customers, failed payments, ' +
  'trials ending, and explain_change for why MRR moved. Amounts are in major units of the currency each answer names. ' +
  'Alert rules can be listed, and paused or resumed with ALERTS_ADMIN_TOKEN; nothing is ever written to Stripe.';

/** The alert rules' administration, and whether this request may change it. */
export interface McpAlertsAccess {
  admin: AlertsAdmin;
  /** Undefined when the request sent ALERTS_ADMIN_TOKEN; else why a change is refused. */
  refusal: string | undefined;
}

/** The revenue tools over the running service's figures, and the alert rules'; nothing here writes to Stripe. */
export function createRevenueMcpServer(service: RevenueService, logger: ToolLogger, alerts?: McpAlertsAccess): McpServer {
  const server = new McpServer(MCP_SERVER_INFO, { instructions: MCP_INSTRUCTIONS });
  registerRevenueTools(server, service, logger);
  registerCustomerTools(server, service, logger);
  registerAttentionTools(server, service, logger);
  registerExplainChangeTool(server, service, logger);
  if (alerts) registerAlertAdminTools(server, alerts.admin, logger, alerts.refusal);
  return server;
}
