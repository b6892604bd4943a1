import { isIP } from 'node:net';

/**
 * Whether a host name or address only ever means this machine: 127.0.0.0/8, ::1 or localhost. Takes a
 * bare name or address, or an IPv6 address in brackets (as a Host header writes it).
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (name === 'localhost') return true;
  switch (isIP(name)) {
    case 4:
      return name.startsWith('127.');
    case 6:
      return isLoopbackIpv6(name);
    default:
      return false;
  }
}

function isLoopbackIpv6(address: string): boolean {
  const mappedIpv4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mappedIpv4) return mappedIpv4[1]!.startsWith('127.');
  // ::1 in any of its spellings (0:0:0:0:0:0:0:1, ::0:1): every group is zero but the last, which is one.
  const [head = '', tail] = address.split('::');
  const groups = tail === undefined ? head.split(':') : [...head.split(':'), ...tail.split(':')].filter((group) => group !== '');
  return groups.length > 0 && Number.parseInt(groups.at(-1)!, 16) === 1 && groups.slice(0, -1).every((group) => Number.parseInt(group, 16) === 0);
}

/** The host part of a Host header (`name:port`, `[v6]:port`, or without a port). */
export function hostOfHostHeader(header: string): string {
  if (header.startsWith('[')) return header.slice(0, header.indexOf(']') + 1);
  const colon = header.lastIndexOf(':');
  return colon === -1 ? header : header.slice(0, colon);
}
