/**
 * The full sync's baseline: the same pages a sync lists (the engine's own listers, so both follow any
 * change to what is synced), fetched with the SDK and parsed, and nothing stored. Like the sync, it lists
 * the rest of a subscription's items and of an invoice's lines where the embedded first page says more.
 * Prints `{"objects":…,"requests":…}`.
 */
import Stripe from 'stripe';
import { fullSyncListers, invoiceLinesLister, subscriptionItemsLister, type Page, type PageParams } from '../../src/stripe/listers.ts';

const base = new URL(process.env.STRIPE_API_BASE ?? '');
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? '', {
  host: base.hostname,
  port: Number(base.port),
  protocol: 'http',
  maxNetworkRetries: 0,
  telemetry: false,
});

let requests = 0;
let objects = 0;

async function* pages(list: (p: PageParams) => Promise<Page>): AsyncGenerator<Page['data']> {
  let startingAfter: string | undefined;
  for (;;) {
    requests++;
    const page = await list({ limit: 100, ...(startingAfter === undefined ? {} : { starting_after: startingAfter }) });
    yield page.data;
    const last = page.data[page.data.length - 1];
    if (!page.has_more || last === undefined) return;
    startingAfter = last.id;
  }
}

async function drain(list: (p: PageParams) => Promise<Page>): Promise<void> {
  for await (const page of pages(list)) objects += page.length;
}

type WithLists = { id: string; items?: { has_more: boolean }; lines?: { has_more: boolean } };

for (const { type, list } of fullSyncListers(stripe)) {
  for await (const page of pages(list)) {
    objects += page.length;
    for (const object of page as WithLists[]) {
      if (type === 'subscription' && object.items?.has_more) await drain(subscriptionItemsLister(stripe, object.id));
      if (type === 'invoice' && object.lines?.has_more) await drain(invoiceLinesLister(stripe, object.id));
    }
  }
}
process.stdout.write(`${JSON.stringify({ objects, requests })}\n`);
