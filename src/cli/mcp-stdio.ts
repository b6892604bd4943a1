import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ADMIN_TOKEN_HEADER } from '../mcp/alert-admin-tools.ts';
import { MCP_INSTRUCTIONS, MCP_SERVER_INFO } from '../mcp/revenue-mcp-server.ts';
import { DEFAULT_SERVICE_URL } from './service-url.ts';


/**
 * `revenue-agent mcp`: an MCP server on stdin/stdout for desktop assistants, passing each request on to a
 * running service's POST /mcp, so the tools and their answers are the service's own. Connects when first
 * asked, and again after a failure, so the assistant may start before the service does.
 */
export async function serveMcpOverStdio(options: { url: string }): Promise<number> {
  if (!URL.canParse(options.url) || !/^https?:$/.test(new URL(options.url).protocol)) {
    process.stderr.write(`revenue-agent: --url must be an http(s) URL, like ${DEFAULT_SERVICE_URL}\n`);
    return 2;
  }
  const endpoint = new URL('/mcp', options.url);
  const token = process.env.DASHBOARD_TOKEN;
  const adminToken = process.env.ALERTS_ADMIN_TOKEN;
  let connected: Promise<Client> | undefined;
  const remote = () =>
    (connected ??= (async () => {
      const client = new Client({ name: 'revenue-agent-mcp-stdio', version: MCP_SERVER_INFO.version });
      const headers: Record<string, string> = {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(adminToken ? { [ADMIN_TOKEN_HEADER]: adminToken } : {}),
      };
      await client.connect(new StreamableHTTPClientTransport(endpoint, { requestInit: { headers } }));
      return client;
    })().catch((error: unknown) => {
      connected = undefined;
      throw new Error(`the service at ${endpoint.href} did not answer: ${error instanceof Error ? error.message : String(error)}`);
    }));

  const server = new Server(MCP_SERVER_INFO, { capabilities: { tools: {} }, instructions: MCP_INSTRUCTIONS });
  server.setRequestHandler(ListToolsRequestSchema, async (request) => (await remote()).listTools(request.params));
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    try {
      return (await (await remote()).callTool(request.params)) as CallToolResult;
    } catch (error) {
      return { isError: true, content: [{ type: 'text', text: error instanceof Error ? error.message : String(error) }] };
    }
  });
  const closed = new Promise<void>((resolve) => (server.onclose = resolve));
  // The assistant closing our stdin is its way of ending the session.
  process.stdin.once('end', () => void server.close());
  await server.connect(new StdioServerTransport());
  await closed;
  await (await connected?.catch(() => undefined))?.close();
  return 0;
}
