/**
 * The load generator, run as its own process (see run-load.ts) so that it never shares a CPU queue or a
 * heap with what it measures. It takes one LoadJob over IPC and answers one LoadResult.
 */
import autocannon from 'autocannon';
import Stripe from 'stripe';
import type { LoadJob, LoadResult } from './load-job.ts';

function webhookRequests(webhook: NonNullable<LoadJob['webhook']>, acknowledged: Set<string>): autocannon.Request[] {
  let sent = 0;
  return [
    {
      method: 'POST',
      setupRequest: (request) => {
        // A new event every time: the service would count a redelivery as a duplicate, not as intake.
        const n = sent++;
        const payload = JSON.stringify({
          id: `evt_bench_${webhook.tag}_${n}`,
          object: 'event',
          type: 'customer.updated',
          created: Math.floor(Date.now() / 1000),
          api_version: Stripe.API_VERSION,
          livemode: false,
          pending_webhooks: 1,
          request: { id: null, idempotency_key: null },
          data: { object: webhook.customers[n % webhook.customers.length], previous_attributes: { name: null } },
        });
        const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhook.secret });
        return { ...request, body: payload, headers: { ...request.headers, 'content-type': 'application/json', 'stripe-signature': signature } };
      },
      onResponse: (status, body) => {
        if (status !== 200) return;
        const answer = JSON.parse(body) as { id?: string; duplicate?: boolean };
        if (answer.id && !answer.duplicate) acknowledged.add(answer.id);
      },
    },
  ];
}

async function run(job: LoadJob): Promise<LoadResult> {
  const acknowledged = new Set<string>();
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    ...(job.webhook ? { method: 'POST' as const, requests: webhookRequests(job.webhook, acknowledged) } : {}),
  });
  const ok = job.webhook ? acknowledged.size : result['2xx'];
  return {
    perSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    acknowledged: [...acknowledged],
  };
}

process.once('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (error: unknown) => {
      process.stderr.write(`load generator: ${(error as Error).stack}\n`);
      process.exit(1);
    },
  );
});
