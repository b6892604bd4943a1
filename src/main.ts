import { Command } from 'commander';
import { emulatorCommand } from './emulator/emulator-command.ts';
import { printMetrics } from './cli/metrics.ts';
import { DEFAULT_SERVICE_URL } from './cli/service-url.ts';
import { serve } from './cli/serve.ts';
import { SAMPLE_EVENT_TYPES } from './emulator/sample-event.ts';
import { syncOnce } from './cli/sync.ts';
import { retryEvents } from './cli/events-retry.ts';
import { trigger } from './emulator/trigger-command.ts';

const program = new Command('revenue-agent').description('Real-time revenue metrics from a Stripe account');

program.command('serve', { isDefault: true }).description('run the HTTP service (the default)').action(serve);
program
  .command('sync')
  .description('run one full sync from Stripe into the store, then exit (through the service that holds it, if one runs)')
  .action(async () => process.exit(await syncOnce()));
program
  .command('metrics')
  .description('print the current figures (from the service that holds the store, if one runs)')
  .option('--json', 'print the /api/revenue JSON instead of a table', false)
  .option('--history', 'print the last 12 months: MRR, customers and MRR movements', false)
  .action(async (options: { json: boolean; history: boolean }) => process.exit(await printMetrics(options)));

program
  .command('mcp')
  .description('an MCP server on stdin/stdout for desktop assistants, answering from a running service (token: DASHBOARD_TOKEN)')
  .option('--url <url>', 'the running service', DEFAULT_SERVICE_URL)
  // The MCP SDK is loaded by the commands that speak MCP only: `serve` doesn't hold it until /mcp is asked.
  .action(async (options: { url: string }) => process.exit(await (await import('./cli/mcp-stdio.ts')).serveMcpOverStdio(options)));

const events = program.command('events').description('Stripe events the service received');
events
  .command('retry')
  .description('put events that could not be applied (GET /api/events/dead) back in line, once what stopped them is mended')
  .argument('[ids...]', 'the events to retry (evt_…)')
  .option('--all', 'every event set aside', false)
  .action(async (ids: string[], options: { all: boolean }) => process.exit(await retryEvents(ids, options)));

program
  .command('trigger')
  .description('send a signed sample event to a running service, like `stripe trigger`')
  .argument('<event-type>', `one of: ${SAMPLE_EVENT_TYPES.join(', ')}`)
  .option('--url <url>', 'the webhook endpoint (default: http://HOST:PORT/webhooks/stripe)')
  .action(async (type: string, options: { url?: string }) => process.exit(await trigger(type, options)));

program
  .command('emulator')
  .description('run the Stripe-compatible emulator with a generated account (tests, demos, other tools)')
  .option('--port <port>', 'port to listen on (0 picks a free one)', '12111')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--seed <n>', 'the generated account’s seed: the same seed gives the same account', '1')
  .option('--customers <n>', 'how many customers to generate', '300')
  .option('--key <key>', 'the secret key clients must send', 'sk_test_emulator')
  .option('--fault-rate <rate>', 'share of requests answered with 429 or 500, from 0 to 1', '0')
  .option('--latency-ms <ms>', 'mean time to answer each request, with jitter (Stripe takes 200–600 ms a page)', '0')
  .option('--rate-limit <n>', 'requests per second before answering 429, as Stripe does (25 in test mode); 0: none', '0')
  .option('--live-seconds <s>', 'change the account every s seconds')
  .option('--webhook-url <url>', 'with --live-seconds: deliver the events there, signed')
  .option('--webhook-secret <whsec>', 'the secret to sign deliveries with')
  .action(emulatorCommand);

await program.parseAsync(process.argv);
