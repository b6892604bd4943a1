import { Command } from 'commander';
import { printMetrics } from './metrics.ts';
import { serve } from './serve.ts';
import { syncOnce } from './sync.ts';

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
  .action(async (options: { json: boolean }) => process.exit(await printMetrics(options)));

await program.parseAsync(process.argv);
