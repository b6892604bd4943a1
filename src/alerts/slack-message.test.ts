import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { ALERT_BODIES } from '../../test/support/alert-bodies.ts';
import { slackMessage } from './slack-message.ts';

const SNAPSHOT = new URL('../../test/fixtures/slack-churn.json', import.meta.url);

describe('Slack messages', () => {
  test('a churn alert: the blocks as snapshotted (UPDATE_SNAPSHOTS=1 writes them anew)', async () => {
    const message = slackMessage(ALERT_BODIES.churn);
    if (process.env.UPDATE_SNAPSHOTS === '1') await writeFile(SNAPSHOT, `${JSON.stringify(message, null, 2)}\n`);
    assert.deepEqual(message, JSON.parse(await readFile(SNAPSHOT, 'utf8')));
  });

  for (const [type, body] of Object.entries(ALERT_BODIES)) {
    test(`${type}: a header, fields and fallback text that say what happened, to whom, and how much`, () => {
      const { text, blocks } = slackMessage(body);
      const json = JSON.stringify(blocks);
      assert.doesNotMatch(json + text, /undefined|NaN|\[object/);
      const customer = 'customer' in body ? body.customer : null;
      if ('customer' in body) assert.match(text, /: (Ada &lt;Lovelace&gt; &amp; Co|no customer), /);
      if (body.type !== 'trial_ending') assert.match(json, /\$|¥/);
      assert.ok(json.includes('Ada &lt;Lovelace&gt; &amp; Co') || customer === null, 'names are escaped, not read as Slack markup');
      assert.ok(json.includes(body.id));
      assert.equal(blocks[0]!.type, 'header');
    });
  }
});
