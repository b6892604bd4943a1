import type { AccountAlertBody, AlertBody, AlertCustomer, AtRiskList, CustomerAlertBody, GroupAlertBody, ReportingAmount } from './alert-body.ts';
import { formatMinor, formatMoney } from './format-money.ts';

/** An alert as a person reads it, whatever the channel: Slack and e-mail each lay this out. */
export interface AlertSummary {
  /** What happened: "Churn", "Payment failed". */
  title: string;
  /** Who it happened to: their name, else e-mail, else id; "the account" for MRR and digests. */
  customer: string;
  /** The amount that matters most, formatted: "-$25.00 MRR". */
  amount: string;
  /** One line with all three, for a subject or a notification. */
  headline: string;
  /** The rest, labelled, in the order they are shown. */
  facts: Array<[label: string, value: string]>;
  /** The alert's id and Stripe's mode, for who looks it up. */
  footnote: string;
}

const TITLES: Record<AlertBody['type'], string> = {
  new: 'New customer',
  expansion: 'Expansion',
  contraction: 'Contraction',
  churn: 'Churn',
  reactivation: 'Reactivation',
  test: 'Test alert',
  payment_failed: 'Payment failed',
  payment_recovered: 'Payment recovered',
  refund: 'Refund',
  dispute: 'Dispute',
  trial_ending: 'Trial ending',
  scheduled_cancellation: 'Set to cancel',
  mrr_threshold: 'MRR threshold',
  mrr_week_on_week: 'MRR week on week',
  digest: 'Revenue digest',
  group: 'Alerts',
};

/** How many lines a list in a digest shows; the rest are counted. */
const LISTED = 10;

const customerName = (customer: AlertCustomer | null) => (customer === null ? 'no customer' : (customer.name ?? customer.email ?? customer.id));

/** Name, e-mail and id, as far as they are known (personal data may have been stripped). */
function customerDetail(customer: AlertCustomer | null): string {
  if (customer === null) return 'none (a charge without a customer)';
  const known = [customer.name, customer.email === null ? null : `<${customer.email}>`].filter((part) => part !== null);
  return known.length === 0 ? customer.id : `${known.join(' ')} (${customer.id})`;
}

const when = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
const mode = (livemode: boolean | null) => (livemode === null ? 'mode unknown' : livemode ? 'live mode' : 'test mode');

const isAccountAlert = (body: CustomerAlertBody | AccountAlertBody): body is AccountAlertBody => !('customer' in body);
const reporting = (money: ReportingAmount, signed = false) => formatMinor(money.amount, money.currency, signed);

export function summarize(body: AlertBody): AlertSummary {
  if (body.type === 'group') return groupSummary(body);
  const summary = isAccountAlert(body) ? accountSummary(body) : customerSummary(body);
  return { ...summary, footnote: `Alert ${body.id} · ${mode(body.livemode)}${body.rule === undefined ? '' : ` · rule ${body.rule}`}` };
}

/** A burst as one message: each alert's headline, the first few of them. */
function groupSummary(body: GroupAlertBody): AlertSummary {
  const amount = `${body.alerts.length} at once`;
  const lines = body.alerts.slice(0, LISTED).map((alert) => summarize(alert).headline);
  return {
    title: TITLES.group,
    customer: 'several',
    amount,
    headline: `${body.alerts.length} alerts: ${lines.slice(0, 2).join('; ')}${body.alerts.length > 2 ? '; …' : ''}`,
    facts: [['Alerts', [...lines, ...more(body.alerts.length)].join('\n')], ['When', when(body.occurred_at)]],
    footnote: `Alerts ${body.alerts.map((a) => a.id).join(', ')} (message ${body.id}) · ${mode(body.livemode)}`,
  };
}

function accountSummary(body: AccountAlertBody): Omit<AlertSummary, 'footnote'> {
  const title = TITLES[body.type];
  let amount: string;
  let facts: Array<[string, string]>;
  switch (body.type) {
    case 'mrr_threshold':
      amount = `MRR ${body.direction === 'up' ? 'reached' : 'fell below'} ${reporting(body.threshold)}`;
      facts = [['MRR now', reporting(body.mrr)], ['Threshold', reporting(body.threshold)]];
      break;
    case 'mrr_week_on_week':
      amount = `${body.change_pct.startsWith('-') ? '' : '+'}${body.change_pct}% MRR in a week`;
      facts = [[`MRR at the end of ${body.from}`, reporting(body.mrr_at_from)], [`MRR at the end of ${body.to}`, reporting(body.mrr_at_to)]];
      break;
    case 'digest': {
      const money = (minor: number, signed = false) => formatMinor(minor, body.currency, signed);
      amount = `${money(body.change, true)} MRR`;
      const byType = Object.entries(body.by_type).map(([kind, minor]) => `${kind} ${money(minor, true)}`);
      const movers = body.biggest_movers.map((m) => `${customerName(m.customer)} ${money(m.change, true)}`);
      const held = body.deferred.slice(0, LISTED).map((alert) => summarize(alert).headline);
      facts = [
        ['Period', `end of ${body.period.from} to end of ${body.period.to} (UTC)`],
        ['MRR', `${money(body.mrr_at_from)} → ${money(body.mrr_at_to)}`],
        ['Movements', byType.join(', ')],
        ['Biggest movers', movers.length === 0 ? 'none' : movers.join('\n')],
        ['Past due', atRisk(body.at_risk.past_due, money)],
        ['Set to cancel', atRisk(body.at_risk.scheduled_to_cancel, money)],
        ...(body.deferred.length === 0 ? [] : [[`Held back (${body.deferred.length})`, [...held, ...more(body.deferred.length)].join('\n')] as [string, string]]),
      ];
      break;
    }
  }
  return { title, customer: 'the account', amount, headline: `${title}: ${amount}`, facts: [...facts, ['When', when(body.occurred_at)]] };
}

const more = (count: number) => (count > LISTED ? [`and ${count - LISTED} more`] : []);

function atRisk(list: AtRiskList, money: (minor: number) => string): string {
  if (list.count === 0) return 'none';
  const total = list.mrr === null ? 'MRR not all convertible' : `${money(list.mrr)} MRR`;
  const names = list.subscriptions.slice(0, LISTED).map((s) => `${customerName(s.customer)}${s.mrr === null ? '' : ` ${formatMinor(s.mrr.amount, s.mrr.currency)}`}`);
  return [`${list.count} (${total})`, ...names, ...more(list.count)].join('\n');
}

function customerSummary(body: CustomerAlertBody): Omit<AlertSummary, 'footnote'> {
  const title = TITLES[body.type];
  const customer = customerName(body.customer);
  const base: Array<[string, string]> = [['Customer', customerDetail(body.customer)]];
  const subscription: Array<[string, string]> = body.subscription_id === null ? [] : [['Subscription', body.subscription_id]];
  let amount: string;
  let facts: Array<[string, string]>;
  switch (body.type) {
    case 'payment_failed':
      amount = formatMoney(body.amount);
      facts = [
        ['Amount due', amount],
        ['Attempt', String(body.attempt_count)],
        ['Next attempt', body.next_payment_attempt === null ? "none: Stripe won't retry by itself" : when(body.next_payment_attempt)],
        ['Invoice', body.invoice_id],
        ...subscription,
      ];
      break;
    case 'payment_recovered':
      amount = formatMoney(body.amount);
      facts = [['Amount paid', amount], ['Attempts', String(body.attempt_count)], ['Invoice', body.invoice_id], ...subscription];
      break;
    case 'refund':
      amount = formatMoney(body.amount);
      facts = [['Refunded', amount], ['Refunded on the charge in all', formatMoney(body.amount_refunded)], ['Charge', body.charge_id], ...subscription];
      break;
    case 'dispute':
      amount = formatMoney(body.amount);
      facts = [['Disputed', amount], ['Charge', body.charge_id], ...subscription];
      break;
    case 'trial_ending':
      amount = `ends ${when(body.trial_end)}`;
      facts = [['Trial ends', when(body.trial_end)], ['Then', body.cancel_at_period_end ? 'set to cancel' : 'converts to paid'], ...subscription];
      break;
    case 'scheduled_cancellation':
      amount = body.mrr === null ? 'MRR unknown' : `${formatMoney(body.mrr)} MRR at risk`;
      facts = [['Ends', when(body.cancel_at)], ['MRR that goes then', body.mrr === null ? 'unknown (not priced)' : formatMoney(body.mrr)], ...subscription];
      break;
    default:
      amount = `${formatMoney(body.mrr_change, true)} MRR`;
      facts = [['MRR change', formatMoney(body.mrr_change, true)], ['MRR now', formatMoney(body.mrr)], ...subscription];
  }
  return { title, customer, amount, headline: `${title}: ${customer}, ${amount}`, facts: [...base, ...facts, ['When', when(body.occurred_at)]] };
}
