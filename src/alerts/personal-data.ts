import type { AlertBody } from './alert-body.ts';
import type { AlertChannel } from './alert-channel.ts';

/** The body without the customer's name and e-mail address; their id stays, so the alert can be looked up. */
export function withoutPersonalData(body: AlertBody): AlertBody {
  return body.customer === null ? body : { ...body, customer: { id: body.customer.id, name: null, email: null } };
}

/** The channel, given bodies without personal data (ALERT_STRIP_PERSONAL_DATA). */
export function strippingPersonalData(channel: AlertChannel): AlertChannel {
  return { ...channel, send: (body, id, signal) => channel.send(withoutPersonalData(body), id, signal) };
}
