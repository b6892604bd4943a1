/** Shared by the emulator's tests: a key, and a GET that goes through the whole app without a port. */
import type { FastifyInstance } from 'fastify';

export const TEST_KEY = 'sk_test_emulator0123456789abcdef';
/** 2026-01-01T00:00:00Z */
export const T0 = 1_767_225_600;

export interface Response {
  status: number;
  headers: Record<string, unknown>;
  // Tests read arbitrary Stripe JSON; asserting on it is the check.
  body: any;
}

export async function get(app: FastifyInstance, url: string, key: string | null = TEST_KEY): Promise<Response> {
  const res = await app.inject({
    method: 'GET',
    url,
    headers: key === null ? {} : { authorization: `Bearer ${key}` },
  });
  return { status: res.statusCode, headers: res.headers, body: res.json() };
}

export const ids = (list: { data: Array<{ id: string }> }): string[] => list.data.map((o) => o.id);
