import { Command } from 'commander';
import { printMetrics } from './metrics.ts';
import { serve } from './serve.ts';
import { SAMPLE_EVENT_TYPES } from './sample-event.ts';
import { syncOnce } from './sync.ts';
import { trigger } from './trigger.ts';

const program = new Command('revenue-agent').description('Real-time revenue metrics from a Stripe account');

program.command('serve', { isDefault: true }).description('run the HTTP service (the default)').action(serve);
program
  .command('sync')
  .description('run one full sync from Stripe into the store, then exit')
  .action(async () => process.exit(await syncOnce()));
program
  .command('metrics')
  .description('print the current figures from the store')
  .option('--json', 'print the /api/revenue JSON instead of a table', false)
  .option('--history', 'print the last 12 months: MRR, customers and MRR movements', false)
  .action(async (options: { json: boolean; history: boolean }) => process.exit(await printMetrics(options)));

program
  .command('trigger')
  .description('send a signed sample event to a running service, like `stripe trigger`')
  .argument('<event-type>', `one of: ${SAMPLE_EVENT_TYPES.join(', ')}`)
  .option('--url <url>', 'the webhook endpoint (default: http://HOST:PORT/webhooks/stripe)')
  .action(async (type: string, options: { url?: string }) => process.exit(await trigger(type, options)));

await program.parseAsync(process.argv);
