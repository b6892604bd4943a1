// The status strip: where the figures come from, the last sync and webhook, events waiting or set aside,
// and, when the figures are stale, why, in words with times. Each item has a symbol and words, never colour
// alone.
import { ago, clock, count } from './format.js';

const $ = (id) => document.getElementById(id);
let latest;

function setItem(id, state, symbol, text) {
  const el = $(id);
  el.hidden = !text;
  el.dataset.state = state;
  el.querySelector('.symbol').textContent = symbol;
  el.querySelector('.words').textContent = text ?? '';
}

function source(r) {
  if (r.source === 'demo') return ['demo', '◆', 'Demo data'];
  if (r.source === 'none') return ['bad', '✕', 'No Stripe account'];
  if (r.livemode === true) return ['ok', '●', 'Live mode'];
  if (r.livemode === false) return ['test', '◇', 'Test mode'];
  return ['unknown', '?', 'Stripe (mode not known yet)'];
}

function lastSync({ at, result }) {
  if (result === 'running') return ['busy', '↻', `Syncing since ${clock(at)}`];
  if (result === 'ok') return ['ok', '✓', `Last sync ${clock(at)}: ok`];
  if (result === 'failed') return ['bad', '✕', `Last sync ${clock(at)}: failed`];
  return ['unknown', '–', 'Not synced yet'];
}

/** What went wrong with the last sync, said the way a person would. */
function syncFailure(error) {
  if (/429|rate.?limit/i.test(error)) return 'Stripe rate-limited the last sync';
  if (/401|403|api key|authenticat/i.test(error)) return 'Stripe refused the key for the last sync';
  if (/ECONN|ENOTFOUND|timed? ?out|network|fetch failed|socket/i.test(error)) return 'Stripe could not be reached for the last sync';
  return `The last sync failed (${error ?? 'no reason given'})`;
}

/** "Stripe rate-limited the last sync at 10:42; showing data from 10:00". */
export function staleReason(r) {
  const showing = r.as_of ? `showing data from ${clock(r.as_of)}` : 'no data has been synced yet';
  const sync = r.last_sync ?? {};
  if (sync.result === 'failed' && sync.at) return `${syncFailure(sync.error)} at ${clock(sync.at)}; ${showing}`;
  const reason = (r.last_error ?? 'no reason given').replace(/^./, (c) => c.toUpperCase());
  return `${reason}; ${showing}`;
}

/**
 * Events not applied: those set aside first, since only a person can mend them, and said even while a
 * failed sync is the reason the warning below gives.
 */
function events(r) {
  const pending = r.pending_events;
  const waiting = pending > 0 ? `${count(pending)} event${pending === 1 ? '' : 's'} waiting (oldest ${r.oldest_pending_age_seconds ?? 0} s)` : undefined;
  const dead = r.dead_events ?? 0;
  if (dead === 0) return ['busy', '⏳', waiting];
  const setAside = `${count(dead)} event${dead === 1 ? '' : 's'} could not be applied and set aside (see /api/events/dead)`;
  return ['bad', '✕', waiting ? `${setAside}; ${waiting}` : setAside];
}

export function renderStatusStrip(r) {
  latest = r;
  setItem('strip-source', ...source(r));
  setItem('strip-sync', ...lastSync(r.last_sync ?? {}));
  const webhook = r.last_webhook_at;
  setItem('strip-webhook', webhook ? 'ok' : 'unknown', '⇣', webhook ? `Last webhook ${ago(webhook)}` : 'No webhook yet');
  setItem('strip-pending', ...events(r));
  const stale = $('stale-warning');
  stale.hidden = !r.stale;
  stale.textContent = r.stale ? `⚠ Figures may be out of date: ${staleReason(r)}.` : '';
}

// Relative times move on by themselves.
setInterval(() => latest && renderStatusStrip(latest), 60_000);
