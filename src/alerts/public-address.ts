import ipaddr from 'ipaddr.js';

/**
 * Whether an address is on the public internet: ipaddr.js names every special range (private, loopback,
 * link-local, unique-local, carrier-grade NAT, multicast, reserved, 6to4/Teredo tunnels to such…) and
 * calls only the rest 'unicast'. An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as IPv4.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return parsed.range() === 'unicast';
}
