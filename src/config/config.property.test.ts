import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ConfigError, loadConfig } from './config.ts';
import { envSchema } from './schema.ts';

const VARIABLES = Object.keys(envSchema.shape);

/** Any string, with a bias towards the shapes each parser looks for, so that its edges are reached. */
const value = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...'0123456789.-+eExX _,=:/@%'), maxLength: 24 }),
  fc.double().map(String),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.tuple(
    fc.constantFrom('sk_test_', 'rk_live_', 'whsec_', 'http://', 'https://', 'postgres://', 'postgresql://', 'usd=', 'eur=1.1,', '0x', ''),
    fc.string({ maxLength: 30 }),
  ).map(([prefix, rest]) => prefix + rest),
  fc.constantFrom('forever', 'all_active', 'info', 'silent', 'usd', '65535', '65536', '35791', '35792', '2147483', '2147484', '0.1', '0.09', 'NaN', 'Infinity'),
);

describe('every environment variable, given any string', () => {
  test('is read into a Config, or refused with a ConfigError naming that variable, never another exception', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VARIABLES), value, (variable, text) => {
        try {
          loadConfig({ [variable]: text });
        } catch (error) {
          assert.ok(error instanceof ConfigError, `${variable}=${JSON.stringify(text)} threw ${String(error)}`);
          assert.equal(error.variable, variable);
          assert.ok(error.message.startsWith(`${variable}: `));
          assert.ok(!error.message.includes('\n'), 'one line');
        }
      }),
      { numRuns: 3000 },
    );
  });

  test('several variables at once: the error names one of them', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...VARIABLES), value, { maxKeys: 5 }), (env) => {
        try {
          loadConfig(env);
        } catch (error) {
          assert.ok(error instanceof ConfigError, String(error));
          assert.ok(Object.keys(env).includes(error.variable), `${error.variable} not among ${Object.keys(env).join(', ')}`);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
