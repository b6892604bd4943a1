import type { FastifyInstance } from 'fastify';
import { ConfigError } from '../config/config.ts';

/**
 * Listens, and returns the address it got (port 0 picks a free one). A port that is taken or needs
 * privileges, or a HOST that is no address of this machine, is the configuration's fault: a ConfigError.
 */
export async function listen(app: FastifyInstance, host: string, port: number): Promise<string> {
  try {
    await app.listen({ host, port });
  } catch (error) {
    throw listenError(error, host, port);
  }
  const address = app.server.address();
  if (address === null || typeof address === 'string') return String(address);
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${shownHost}:${address.port}`;
}

function listenError(error: unknown, host: string, port: number): unknown {
  switch ((error as { code?: string }).code) {
    case 'EADDRINUSE':
      return new ConfigError('PORT', `port ${port} is already in use on ${host}`);
    case 'EACCES':
      return new ConfigError('PORT', `not allowed to listen on port ${port} (ports below 1024 need privileges)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EADDRNOTAVAIL':
      return new ConfigError('HOST', `cannot listen on ${JSON.stringify(host)}: not an address of this machine`);
    default:
      return error;
  }
}
