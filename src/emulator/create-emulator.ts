/** One emulator: an account (state) behind Stripe's API, with its fault injector, network conditions and request log. */
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.ts';
import { FaultInjector, type FaultOptions } from './faults.ts';
import { NetworkConditions, type NetworkOptions } from './network-conditions.ts';
import { RequestLog } from './request-log.ts';
import { EmulatorState } from './state.ts';

export interface EmulatorOptions extends FaultOptions, NetworkOptions {
  /** The only key the emulator accepts (`Authorization: Bearer <key>`). */
  secretKey: string;
  /** Defaults to an empty account. */
  state?: EmulatorState;
}

export interface Emulator {
  app: FastifyInstance;
  state: EmulatorState;
  requestLog: RequestLog;
  faults: FaultInjector;
  network: NetworkConditions;
  /** Starts listening (port 0 = any free port) and resolves to the base url, e.g. `http://127.0.0.1:51234`. */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export function createEmulator(options: EmulatorOptions): Emulator {
  const state = options.state ?? new EmulatorState();
  const requestLog = new RequestLog();
  const faults = new FaultInjector(options);
  const network = new NetworkConditions(options);
  const app = buildApp({ state, secretKey: options.secretKey, faults, network, requestLog });
  return {
    app,
    state,
    requestLog,
    faults,
    network,
    listen: async (port = 0, host = '127.0.0.1') => {
      await app.listen({ port, host });
      const address = app.server.address() as AddressInfo;
      return `http://${host}:${address.port}`;
    },
    close: () => app.close(),
  };
}
