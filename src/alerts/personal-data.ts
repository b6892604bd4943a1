import type { AlertBody, AlertCustomer } from './alert-body.ts';
import type { AlertChannel } from './alert-channel.ts';

/** The body without the customer's name and e-mail address; their id stays, so the alert can be looked up. */
export function withoutPersonalData<Body extends AlertBody>(body: Body): Body;
export function withoutPersonalData(body: AlertBody): AlertBody {
  const anonymous = <T extends AlertCustomer | null>(customer: T): T => (customer === null ? customer : ({ id: customer.id, name: null, email: null } as T));
  if (body.type === 'group') return { ...body, alerts: body.alerts.map((alert) => withoutPersonalData(alert)) };
  if (body.type === 'digest') {
    const list = (l: typeof body.at_risk.past_due) => ({ ...l, subscriptions: l.subscriptions.map((s) => ({ ...s, customer: anonymous(s.customer) })) });
    return {
      ...body,
      biggest_movers: body.biggest_movers.map((m) => ({ ...m, customer: anonymous(m.customer) })),
      at_risk: { past_due: list(body.at_risk.past_due), scheduled_to_cancel: list(body.at_risk.scheduled_to_cancel) },
      deferred: body.deferred.map((alert) => withoutPersonalData(alert)),
    };
  }
  if (!('customer' in body)) return body;
  return { ...body, customer: anonymous(body.customer) } as AlertBody;
}

/** The channel, given bodies without personal data (ALERT_STRIP_PERSONAL_DATA). */
export function strippingPersonalData(channel: AlertChannel): AlertChannel {
  return { ...channel, send: (body, id, signal) => channel.send(withoutPersonalData(body), id, signal) };
}
