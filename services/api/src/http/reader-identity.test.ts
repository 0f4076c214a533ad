import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { AuthorTokenUnverifiable, InvalidAuthorToken } from '@cm/contracts';
import { generateKeyPair, SignJWT } from 'jose';
import { describe, expect, test } from 'vitest';
import { createReaderIdentity } from './reader-identity.ts';

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('sign-in tokens are checked, and a site that cannot be reached is not the reader’s fault', () => {
  test('when the site’s key set cannot be fetched, the token is unverifiable (503), not invalid (401)', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({ sub: 'reader' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k' })
      .setExpirationTime('5m')
      .sign(privateKey);
    const identity = createReaderIdentity({
      jwksUrl: `http://127.0.0.1:${await closedPort()}/jwks.json`,
    });
    await expect(identity.verify(token)).rejects.toBeInstanceOf(AuthorTokenUnverifiable);
  });

  test('with no secret and no key set configured, every token is refused', async () => {
    await expect(createReaderIdentity({}).verify('a.b.c')).rejects.toBeInstanceOf(
      InvalidAuthorToken,
    );
  });

  test('a token without a subject is refused; a long name is cut to 80 characters', async () => {
    const secret = 'x'.repeat(32);
    const key = new TextEncoder().encode(secret);
    const identity = createReaderIdentity({ secret });
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(key);
    await expect(identity.verify(await sign({ name: 'No Subject' }))).rejects.toBeInstanceOf(
      InvalidAuthorToken,
    );
    const reader = await identity.verify(await sign({ sub: 's1', name: 'ن'.repeat(200) }));
    expect(reader).toEqual({ subject: 's1', name: 'ن'.repeat(80) });
  });
});
