import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { envSchemas } from './env.ts';

/**
 * The SSRF guard of outbound webhooks. An admin's URL is fetched by our workers, inside our
 * network: without a guard it could reach the cloud metadata service, Redis or Postgres. So a
 * target whose address is loopback, private, link-local, unique-local, CGNAT, multicast,
 * reserved or unspecified is refused — when it is registered, and again at every delivery,
 * where the name is resolved, each address checked, and the connection made to a checked
 * address (DNS may have changed since, or answer differently each time: DNS rebinding).
 */
export interface WebhookTargetPolicy {
  /** Everything goes (tests, whose receiver is on 127.0.0.1; a trusted private network). */
  allowPrivate: boolean;
  /** CIDR ranges and exact host names allowed although private (WEBHOOK_ALLOWED_TARGETS). */
  allowed: string[];
}

export const DEFAULT_TARGET_POLICY: WebhookTargetPolicy = { allowPrivate: false, allowed: [] };

const REFUSED_V4 = [
  ['0.0.0.0', 8, 'unspecified ("this network")'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared address space (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved (and broadcast)'],
] as const;

const REFUSED_V6 = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['64:ff9b::', 96, 'NAT64 (embeds an IPv4 address)'],
  ['64:ff9b:1::', 48, 'NAT64 (embeds an IPv4 address)'],
  ['100::', 64, 'discard-only'],
  ['2001:db8::', 32, 'documentation'],
  ['2002::', 16, '6to4 (embeds an IPv4 address)'],
  ['fc00::', 7, 'unique local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
] as const;

const ranges = (() => {
  const lists = new Map<string, BlockList>();
  for (const [network, prefix, why] of [...REFUSED_V4, ...REFUSED_V6]) {
    const list = lists.get(why) ?? new BlockList();
    list.addSubnet(network, prefix, network.includes(':') ? 'ipv6' : 'ipv4');
    lists.set(why, list);
  }
  return [...lists];
})();

/** `::ffff:127.0.0.1` and `::ffff:7f00:1` are 127.0.0.1: compare the IPv4 address inside. */
function unmapped(address: string): string {
  const lower = address.toLowerCase();
  const dotted = /^(?:0{0,4}:){0,5}(?:0{0,4}:)?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1]) return dotted[1];
  const hex = /^(?:0{0,4}:){0,5}(?:0{0,4}:)?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] && hex[2]) {
    const high = parseInt(hex[1], 16);
    const low = parseInt(hex[2], 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  // `::127.0.0.1` (IPv4-compatible, deprecated) is refused as the IPv4 inside.
  const compatible = /^::(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  return compatible?.[1] ?? address;
}

/** Why an IP address may not be a webhook target, or null when it is a public address. */
export function refusedAddress(address: string): string | null {
  const ip = unmapped(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  const family = isIP(ip);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [why, list] of ranges) if (list.check(ip, type)) return `${ip} is ${why}`;
  return null;
}

function allowList(policy: WebhookTargetPolicy): { hosts: Set<string>; cidrs: BlockList } {
  const hosts = new Set<string>();
  const cidrs = new BlockList();
  for (const entry of policy.allowed) {
    const [network, prefix] = entry.split('/');
    if (network && prefix !== undefined && isIP(network)) {
      cidrs.addSubnet(network, Number(prefix), isIP(network) === 4 ? 'ipv4' : 'ipv6');
    } else if (isIP(entry)) {
      cidrs.addAddress(entry, isIP(entry) === 4 ? 'ipv4' : 'ipv6');
    } else hosts.add(entry.toLowerCase());
  }
  return { hosts, cidrs };
}

/** An entry of WEBHOOK_ALLOWED_TARGETS: a CIDR, an IP address or a host name. */
export function isTargetAllowEntry(entry: string): boolean {
  const [network, prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || !network) return false;
  if (prefix !== undefined) {
    const family = isIP(network);
    const bits = Number(prefix);
    return (
      family !== 0 && /^\d{1,3}$/.test(prefix) && bits >= 0 && bits <= (family === 4 ? 32 : 128)
    );
  }
  return isIP(network) !== 0 || /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/i.test(network);
}

/** The host of a URL as DNS and `isIP` know it (no brackets around IPv6). */
export const urlHost = (url: URL): string => url.hostname.replace(/^\[|\]$/g, '');

export type AddressLookup = (host: string) => Promise<{ address: string; family: number }[]>;

/** How long registration waits for DNS: an admin's request must not hang on a dead resolver. */
const LOOKUP_TIMEOUT_MS = 5_000;

export const systemLookup: AddressLookup = (host) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no DNS answer within ${LOOKUP_TIMEOUT_MS} ms`)),
      LOOKUP_TIMEOUT_MS,
    );
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(addresses);
    });
  });

/**
 * A checker bound to a policy. `address(host, ip)` says why one resolved address is refused
 * (null: fine); `url(raw)` resolves the URL's host and refuses it when any of its addresses is
 * refused — at registration, a name that resolves to a private address is refused outright.
 */
export function webhookTargetGuard(
  policy: WebhookTargetPolicy,
  lookup: AddressLookup = systemLookup,
) {
  const allow = allowList(policy);
  const address = (host: string, ip: string): string | null => {
    if (policy.allowPrivate || allow.hosts.has(host.toLowerCase())) return null;
    const plain = unmapped(ip);
    const family = isIP(plain);
    if (family !== 0 && allow.cidrs.check(plain, family === 4 ? 'ipv4' : 'ipv6')) return null;
    return refusedAddress(ip);
  };
  return {
    address,
    /** Why the URL may not be a webhook target, or null when it may. */
    async url(raw: string): Promise<string | null> {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return 'it is not a URL';
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https';
      const host = urlHost(url);
      if (isIP(host)) return address(host, host);
      if (policy.allowPrivate || allow.hosts.has(host.toLowerCase())) return null;
      let addresses: { address: string }[];
      try {
        addresses = await lookup(host);
      } catch {
        return `its host ${host} does not resolve`;
      }
      if (addresses.length === 0) return `its host ${host} does not resolve`;
      for (const found of addresses) {
        const why = address(host, found.address);
        if (why) return `its host ${host} resolves to ${why}`;
      }
      return null;
    },
  };
}

export type WebhookTargetGuard = ReturnType<typeof webhookTargetGuard>;

/**
 * The SSRF guard's settings, read by the API (registration) and the worker (delivery) alike:
 * spread into each service's environment schema.
 */
export const webhookTargetEnv = {
  WEBHOOK_ALLOW_PRIVATE_TARGETS: envSchemas.bool
    .default(false)
    .describe(
      'true lets webhooks reach loopback, private, link-local and other internal addresses (SSRF guard off): for tests and trusted networks only.',
    ),
  WEBHOOK_ALLOWED_TARGETS: z
    .string()
    .default('')
    .refine((raw) => splitList(raw).every(isTargetAllowEntry), {
      message: 'must be a comma-separated list of CIDR ranges, IP addresses or host names',
    })
    .transform(splitList)
    .describe(
      'Internal webhook targets allowed although the SSRF guard refuses internal addresses: comma-separated CIDR ranges (10.1.0.0/16), addresses or exact host names.',
    ),
};

function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

export const targetPolicyOf = (config: {
  WEBHOOK_ALLOW_PRIVATE_TARGETS: boolean;
  WEBHOOK_ALLOWED_TARGETS: string[];
}): WebhookTargetPolicy => ({
  allowPrivate: config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
  allowed: config.WEBHOOK_ALLOWED_TARGETS,
});
