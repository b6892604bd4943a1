import { lookup } from 'node:dns/promises';
import { isPublicAddress } from './public-address.ts';

export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

/** A destination we will not send to; the reason names the host, never the URL (it may hold a token). */
export class RefusedDestination extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RefusedDestination';
  }
}

/**
 * Resolves the host now, at send time, and refuses it when any of its addresses is private, loopback,
 * link-local or otherwise not public (unless allowed): a name that answers with both can't be used to
 * reach the inside. The request then connects to the address checked here, so a second lookup (DNS
 * rebinding) can't swap it.
 */
export async function checkedAddress(url: URL, allowPrivateNetwork: boolean): Promise<CheckedAddress> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: Array<{ address: string; family: number }>;
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch (error) {
    throw new RefusedDestination(`the host ${host} could not be resolved (${(error as NodeJS.ErrnoException).code ?? 'lookup failed'})`);
  }
  const first = addresses[0];
  if (first === undefined) throw new RefusedDestination(`the host ${host} has no address`);
  const inside = addresses.find((a) => !isPublicAddress(a.address));
  if (inside !== undefined && !allowPrivateNetwork) {
    throw new RefusedDestination(
      `the host ${host} resolves to ${inside.address}, a private, loopback or link-local address; set ALERT_ALLOW_PRIVATE_NETWORK=true to allow it`,
    );
  }
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
