import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, decided, startStack, type Stack } from '../support/stack.ts';

const SECRET = 'the-host-sites-shared-secret-of-32+-chars';
const secretKey = new TextEncoder().encode(SECRET);

/** A token as the host site would sign it for a signed-in reader. */
const hsToken = (
  claims: Record<string, unknown>,
  { key = secretKey, expiresIn = '5m' }: { key?: Uint8Array; expiresIn?: string | number } = {},
) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key);

let secretStack: Stack;
let moderator: string;
beforeAll(async () => {
  secretStack = await startStack({ env: { SSO_JWT_SECRET: SECRET } });
  moderator = await secretStack.createModerator('moderator');
});
afterAll(() => secretStack?.stop());

const post = (stack: Stack, json: unknown, headers: Record<string, string> = {}) =>
  call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', { json, headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('readers signed in on the host site post under the identity the site gives them', () => {
  test('a comment with a signed token is attributed to the token’s user: key sso:<sub>, the token’s name', async () => {
    const token = await hsToken({ sub: 'user-42', name: 'ليلى' });
    const accepted = await post(
      secretStack,
      { body: 'شكراً على المقال', author: { name: 'whatever I type' } },
      bearer(token),
    );
    expect(accepted.status).toBe(202);
    expect(await decided(secretStack, accepted.body.id)).toBe('approved');
    const stored = await secretStack.db.comment.findUnique({ where: { id: accepted.body.id } });
    expect(stored).toMatchObject({ authorKey: 'sso:user-42', authorName: 'ليلى' });

    const author = await call(secretStack.baseUrl, 'GET', '/api/v1/authors/sso%3Auser-42', {
      token: moderator,
    });
    expect(author.body).toMatchObject({ key: 'sso:user-42', displayName: 'ليلى' });
  });

  test('the token may come in the body instead of the header', async () => {
    const token = await hsToken({ sub: 'user-7', name: 'Omar' });
    const accepted = await post(secretStack, {
      body: 'Good piece',
      author: { name: 'Omar' },
      token,
    });
    expect(accepted.status).toBe(202);
    await decided(secretStack, accepted.body.id);
    const stored = await secretStack.db.comment.findUnique({ where: { id: accepted.body.id } });
    expect(stored?.authorKey).toBe('sso:user-7');
  });

  test('nobody can post as another signed-in reader: typing their name gives a different author, and only their own token reaches their standing', async () => {
    const layla = await hsToken({ sub: 'layla', name: 'Layla' });
    const mine = await post(
      secretStack,
      { body: 'Real Layla', author: { name: 'x' } },
      bearer(layla),
    );
    // Someone else, signed in as themselves, types Layla's name: the token's name wins.
    const mallory = await hsToken({ sub: 'mallory', name: 'Mallory' });
    const other = await post(
      secretStack,
      { body: 'Fake Layla', author: { name: 'Layla' } },
      bearer(mallory),
    );
    // And anonymously, the name is just a name: another author key.
    const anonymous = await post(secretStack, { body: 'Also fake', author: { name: 'Layla' } });
    for (const r of [mine, other, anonymous]) await decided(secretStack, r.body.id);
    const rows = await secretStack.db.comment.findMany({
      where: { id: { in: [mine.body.id, other.body.id, anonymous.body.id] } },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(mine.body.id)).toMatchObject({ authorKey: 'sso:layla', authorName: 'Layla' });
    expect(byId.get(other.body.id)).toMatchObject({
      authorKey: 'sso:mallory',
      authorName: 'Mallory',
    });
    expect(byId.get(anonymous.body.id)?.authorKey).not.toMatch(/^sso:/);

    // Banning the signed-in Layla stops her token, not the stranger who typed her name.
    const ban = await call(secretStack.baseUrl, 'PUT', '/api/v1/authors/sso%3Alayla/standing', {
      token: moderator,
      json: { standing: 'banned', reason: 'test' },
    });
    expect(ban.status).toBe(200);
    expect(
      (await post(secretStack, { body: 'again', author: { name: 'x' } }, bearer(layla))).body.type,
    ).toMatch(/\/author-banned$/);
  });

  test('a forged, expired or unsigned token is refused with 401 and nothing is stored', async () => {
    const before = await secretStack.db.comment.count();
    const forged = await hsToken(
      { sub: 'user-42', name: 'ليلى' },
      { key: new TextEncoder().encode('not-the-host-sites-secret-at-all-!!') },
    );
    const expired = await hsToken(
      { sub: 'user-42' },
      { expiresIn: Math.floor(Date.now() / 1000) - 60 },
    );
    const [header, payload] = (await hsToken({ sub: 'user-42' })).split('.');
    const unsigned = `${header}.${payload}.`;
    for (const token of [forged, expired, unsigned, 'not-a-jwt']) {
      const refused = await post(
        secretStack,
        { body: 'hello', author: { name: 'ليلى' } },
        bearer(token),
      );
      expect(refused.status, token).toBe(401);
      expect(refused.body.type).toMatch(/\/invalid-token$/);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const inBody = await post(secretStack, {
      body: 'hello',
      author: { name: 'ليلى' },
      token: expired,
    });
    expect(inBody.status).toBe(401);
    expect(inBody.body.detail).toMatch(/expired/);
    expect(await secretStack.db.comment.count()).toBe(before);
  });
});

describe('a host site that publishes its keys (JWKS) and accepts signed-in readers only', () => {
  let jwksServer: Server;
  let stack: Stack;
  let privateKey: CryptoKey;
  let strangerKey: CryptoKey;
  let fetches = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    strangerKey = (await generateKeyPair('ES256')).privateKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'site-1', alg: 'ES256' };
    jwksServer = createServer((req, res) => {
      fetches += 1;
      if (req.url !== '/.well-known/jwks.json') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    jwksServer.listen(0, '127.0.0.1');
    await once(jwksServer, 'listening');
    const { port } = jwksServer.address() as AddressInfo;
    stack = await startStack({
      env: {
        SSO_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
        SSO_ISSUER: 'https://news.example',
        SSO_AUDIENCE: 'comments',
        COMMENTS_REQUIRE_SSO: 'true',
      },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    jwksServer?.close();
  });

  const esToken = (
    claims: Record<string, unknown>,
    { key = privateKey, kid = 'site-1', audience = 'comments' } = {},
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer('https://news.example')
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);

  test('a token signed with the site’s published key posts as its user', async () => {
    const accepted = await post(
      stack,
      { body: 'Signed in via the key set', author: { name: 'typed' } },
      bearer(await esToken({ sub: 'reader-9', name: 'Nadia' })),
    );
    expect(accepted.status).toBe(202);
    await decided(stack, accepted.body.id);
    const stored = await stack.db.comment.findUnique({ where: { id: accepted.body.id } });
    expect(stored).toMatchObject({ authorKey: 'sso:reader-9', authorName: 'Nadia' });
    expect(fetches).toBeGreaterThanOrEqual(1);
  });

  test('a token signed with another key, or for another audience, is refused with 401', async () => {
    for (const token of [
      await esToken({ sub: 'reader-9' }, { key: strangerKey }),
      await esToken({ sub: 'reader-9' }, { key: strangerKey, kid: 'unknown' }),
      await esToken({ sub: 'reader-9' }, { audience: 'another-app' }),
    ]) {
      const refused = await post(stack, { body: 'x', author: { name: 'x' } }, bearer(token));
      expect(refused.status).toBe(401);
      expect(refused.body.type).toMatch(/\/invalid-token$/);
    }
  });

  test('an anonymous comment is refused with 401 sign-in-required', async () => {
    const refused = await post(stack, { body: 'anonymous', author: { name: 'Anon' } });
    expect(refused.status).toBe(401);
    expect(refused.body.type).toMatch(/\/sign-in-required$/);
  });
});
