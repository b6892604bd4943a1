import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ADMIN_TOKEN_HEADER } from '../../mcp/alert-admin-tools.ts';
import type { McpAlertsAccess } from '../../mcp/revenue-mcp-server.ts';
import type { AlertsAdmin } from '../../service/alerts-admin.ts';
import type { RevenueService } from '../../service/revenue-service.ts';
import { tokenMatches } from '../access/credentials.ts';
import { errorBody } from '../errors.ts';

/** The request's headers as a web Request's, for the SDK's transport (the body is passed parsed). */
function webRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  return new Request(`http://${request.host}${request.url}`, { method: request.method, headers });
}

/**
 * MCP over Streamable HTTP, stateless: each POST gets its own server and transport, answered as plain JSON,
 * so nothing is kept between requests and any instance can answer. Access is checked before, as for the API.
 */
export function mcpRoutes(app: FastifyInstance, service: RevenueService, alerts?: { admin: AlertsAdmin; adminToken: string | undefined }): void {
  const access = (request: FastifyRequest): McpAlertsAccess | undefined => {
    if (alerts === undefined) return undefined;
    const given = request.headers[ADMIN_TOKEN_HEADER];
    if (alerts.adminToken === undefined) return { admin: alerts.admin, refusal: 'Changing alert rules is off: set ALERTS_ADMIN_TOKEN on the service.' };
    const sent = typeof given === 'string' && tokenMatches(given, alerts.adminToken);
    return { admin: alerts.admin, refusal: sent ? undefined : `This tool needs ALERTS_ADMIN_TOKEN, sent as the ${ADMIN_TOKEN_HEADER} header (revenue-agent mcp sends it from its environment).` };
  };
  app.post('/mcp', async (request, reply) => {
    // Loaded on the first request (the SDK holds about 26 MB): a service nobody asks over MCP goes without.
    const [{ WebStandardStreamableHTTPServerTransport }, { createRevenueMcpServer }] = await Promise.all([
      import('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'),
      import('../../mcp/revenue-mcp-server.ts'),
    ]);
    const server = createRevenueMcpServer(service, request.log, access(request));
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    try {
      await server.connect(transport);
      const response = await transport.handleRequest(webRequest(request), { parsedBody: request.body });
      response.headers.forEach((value, name) => void reply.header(name, value));
      return reply.code(response.status).send(await response.text());
    } finally {
      await server.close();
    }
  });

  // No sessions, so no stream to open or session to end: the SDK's client takes 405 as "none here".
  const notAllowed = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.code(405).header('allow', 'POST').send(errorBody('method_not_allowed', 'MCP is served statelessly here: POST /mcp only.'));
  app.get('/mcp', notAllowed);
  app.delete('/mcp', notAllowed);
}
