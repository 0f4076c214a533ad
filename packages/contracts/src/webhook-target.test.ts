import { describe, expect, test } from 'vitest';
import { refusedAddress, webhookTargetGuard, type AddressLookup } from './webhook-target.ts';

describe('the SSRF guard knows internal addresses', () => {
  test.each([
    '127.0.0.1',
    '127.255.0.9',
    '0.0.0.0',
    '10.0.0.1',
    '172.16.5.4',
    '172.31.255.255',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.254',
    '224.0.0.251',
    '255.255.255.255',
    '::',
    '::1',
    '[::1]',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '0:0:0:0:0:ffff:a9fe:a9fe',
    'fc00::1',
    'fd12:3456:789a::1',
    'fe80::1%eth0',
    'ff02::1',
    '64:ff9b::7f00:1',
  ])('%s is refused', (address) => {
    expect(refusedAddress(address)).not.toBeNull();
  });

  test.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::6810:85e5'])(
    '%s is a public address',
    (address) => {
      expect(refusedAddress(address)).toBeNull();
    },
  );
});

const fakeDns =
  (answers: Record<string, string[]>): AddressLookup =>
  async (host) => {
    const found = answers[host];
    if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('a URL is judged by every address its host resolves to', () => {
  const dns = fakeDns({
    'hooks.example.org': ['93.184.216.34'],
    'rebind.example.org': ['93.184.216.34', '127.0.0.1'],
    'internal.example.org': ['10.1.2.3'],
  });

  test('a public host passes; one address inside is enough to refuse', async () => {
    const guard = webhookTargetGuard({ allowPrivate: false, allowed: [] }, dns);
    expect(await guard.url('https://hooks.example.org/x')).toBeNull();
    expect(await guard.url('https://rebind.example.org/x')).toMatch(/127\.0\.0\.1 is loopback/);
    expect(await guard.url('https://nowhere.example.org/x')).toMatch(/does not resolve/);
    expect(await guard.url('gopher://hooks.example.org/')).toMatch(/http/);
  });

  test('the allow-list lets named ranges and hosts through, and nothing else', async () => {
    const guard = webhookTargetGuard(
      { allowPrivate: false, allowed: ['10.1.0.0/16', 'internal.example.org', 'fd00::1'] },
      dns,
    );
    expect(await guard.url('http://10.1.9.9/')).toBeNull();
    expect(await guard.url('http://internal.example.org/')).toBeNull();
    expect(await guard.url('http://[fd00::1]/')).toBeNull();
    expect(await guard.url('http://10.2.0.1/')).not.toBeNull();
    expect(await guard.url('http://127.0.0.1/')).not.toBeNull();
  });

  test('allowPrivate lets everything through', async () => {
    const guard = webhookTargetGuard({ allowPrivate: true, allowed: [] }, dns);
    expect(await guard.url('http://127.0.0.1:9/')).toBeNull();
    expect(await guard.url('http://[::1]/')).toBeNull();
  });
});
