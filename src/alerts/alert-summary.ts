import type { AlertBody, AlertCustomer } from './alert-body.ts';
import { formatMoney } from './format-money.ts';

/** An alert as a person reads it, whatever the channel: Slack and e-mail each lay this out. */
export interface AlertSummary {
  /** What happened: "Churn", "Payment failed". */
  title: string;
  /** Who it happened to: their name, else e-mail, else id. */
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
};

const customerName = (customer: AlertCustomer | null) => (customer === null ? 'no customer' : (customer.name ?? customer.email ?? customer.id));

/** Name, e-mail and id, as far as they are known (personal data may have been stripped). */
function customerDetail(customer: AlertCustomer | null): string {
  if (customer === null) return 'none (a charge without a customer)';
  const known = [customer.name, customer.email === null ? null : `<${customer.email}>`].filter((part) => part !== null);
  return known.length === 0 ? customer.id : `${known.join(' ')} (${customer.id})`;
}

const when = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
const mode = (livemode: boolean | null) => (livemode === null ? 'mode unknown' : livemode ? 'live mode' : 'test mode');

export function summarize(body: AlertBody): AlertSummary {
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
    default:
      amount = `${formatMoney(body.mrr_change, true)} MRR`;
      facts = [['MRR change', formatMoney(body.mrr_change, true)], ['MRR now', formatMoney(body.mrr)], ...subscription];
  }
  return {
    title,
    customer,
    amount,
    headline: `${title}: ${customer}, ${amount}`,
    facts: [...base, ...facts, ['When', when(body.occurred_at)]],
    footnote: `Alert ${body.id} · ${mode(body.livemode)}`,
  };
}
