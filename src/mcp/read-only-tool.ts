import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { BadRequestError } from '../http/errors.ts';

/** Where a tool's unexpected failures are logged (their messages can carry SQL or connection details). */
export interface ToolLogger {
  error(details: object, message: string): void;
}

export interface ToolSpec<Input extends z.ZodRawShape, Output extends z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: Input;
  output: Output;
  /** Throws BadRequestError, whose message the caller sees, for input it cannot answer. */
  answer(args: z.infer<z.ZodObject<Input>>): Promise<z.infer<Output>>;
}

/**
 * Registers a tool that only reads: annotated so, its answer both as structured content and as JSON text
 * (for clients that read only text). Bad input is a tool error saying what is wrong; anything else is
 * logged and said without its details, as the HTTP API does with a 500.
 */
export function registerReadOnlyTool<Input extends z.ZodRawShape, Output extends z.ZodObject>(
  server: McpServer,
  logger: ToolLogger,
  tool: ToolSpec<Input, Output>,
): void {
  register(server, logger, tool, true, undefined);
}

/**
 * Registers a tool that changes the service's own state (never Stripe's): listed to every client, run only
 * for one that sent ALERTS_ADMIN_TOKEN; `refusal` says how to send it, and is undefined when it was sent.
 */
export function registerAdminTool<Input extends z.ZodRawShape, Output extends z.ZodObject>(
  server: McpServer,
  logger: ToolLogger,
  tool: ToolSpec<Input, Output>,
  refusal: string | undefined,
): void {
  register(server, logger, tool, false, refusal);
}

function register<Input extends z.ZodRawShape, Output extends z.ZodObject>(
  server: McpServer,
  logger: ToolLogger,
  tool: ToolSpec<Input, Output>,
  readOnly: boolean,
  refusal: string | undefined,
): void {
  const config = {
    title: tool.title,
    description: tool.description,
    inputSchema: tool.input,
    outputSchema: tool.output,
    annotations: { title: tool.title, readOnlyHint: readOnly, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  };
  const callback = async (args: z.infer<z.ZodObject<Input>>): Promise<CallToolResult> => {
    if (refusal !== undefined) return { isError: true, content: [{ type: 'text', text: refusal }] };
    let value: z.infer<Output>;
    try {
      value = await tool.answer(args);
    } catch (error) {
      if (error instanceof BadRequestError) throw error;
      logger.error({ err: error, tool: tool.name }, 'MCP tool failed');
      throw new Error(`${tool.name} failed inside the service; its log says why`);
    }
    return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value as Record<string, unknown> };
  };
  // The SDK's callback type is conditional on the shape, which TypeScript cannot resolve for a generic one.
  server.registerTool(tool.name, config, callback as never);
}
