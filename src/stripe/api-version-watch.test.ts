import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { apiVersionWatch } from './api-version-watch.ts';
import { STRIPE_API_VERSION } from './client.ts';

describe('the API version events arrive in', () => {
  test('warns once for each version other than the one this code reads, never for that one or none', () => {
    const warned: string[] = [];
    const watch = apiVersionWatch((version, expected) => warned.push(`${version} (expected ${expected})`));
    for (const version of [STRIPE_API_VERSION, null, undefined, '2024-06-20', '2024-06-20', '2025-03-31.basil', '2024-06-20']) watch(version);
    assert.deepEqual(warned, [`2024-06-20 (expected ${STRIPE_API_VERSION})`, `2025-03-31.basil (expected ${STRIPE_API_VERSION})`]);
  });

  test('the README asks for the version the pinned SDK reads, so it follows an SDK upgrade', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    assert.ok(readme.includes(`Create the endpoint with API version \`${STRIPE_API_VERSION}\``), `README.md does not name ${STRIPE_API_VERSION}`);
  });
});
