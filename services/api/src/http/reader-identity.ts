import { AuthorTokenUnverifiable, InvalidAuthorToken } from '@cm/contracts';
import {
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import type { ReaderIdentity, SignedInReader } from '../use-cases/post-comment.ts';

export interface SsoSettings {
  /** Shared secret for HS256 tokens (SSO_JWT_SECRET). */
  secret?: string;
  /** URL of the host site's JSON Web Key Set, for asymmetric tokens (SSO_JWKS_URL). */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

const ASYMMETRIC = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'EdDSA',
];
/** Longest `sub` we accept: author keys are `sso:<sub>`. */
const MAX_SUBJECT = 256;
const MAX_NAME = 80;

/** The token could not be checked for a reason that is not the token's fault (key set down). */
const UNVERIFIABLE = new Set(['ERR_JWKS_TIMEOUT']);

/**
 * Host-site identity (SSO): a JWT signed with the shared secret (HS256) or with a key from the
 * site's key set (JWKS, fetched and cached by jose, refetched when an unknown key id appears).
 * Expiry and not-before are always checked; issuer and audience when configured.
 */
export function createReaderIdentity(settings: SsoSettings): ReaderIdentity {
  const secret = settings.secret ? new TextEncoder().encode(settings.secret) : null;
  const jwks = settings.jwksUrl
    ? createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 3000 })
    : null;
  const algorithms = [...(secret ? ['HS256'] : []), ...(jwks ? ASYMMETRIC : [])];
  const options: JWTVerifyOptions = {
    algorithms,
    ...(settings.issuer && { issuer: settings.issuer }),
    ...(settings.audience && { audience: settings.audience }),
  };
  const key: JWTVerifyGetKey = async (header, token) => {
    if (header.alg === 'HS256' && secret) return secret;
    if (jwks) return jwks(header, token);
    throw new errors.JOSEAlgNotAllowed('unexpected algorithm');
  };

  return {
    async verify(token: string): Promise<SignedInReader> {
      if (algorithms.length === 0)
        throw new InvalidAuthorToken('this service is not configured for sign-in tokens');
      let payload;
      try {
        ({ payload } = await jwtVerify(token, key, options));
      } catch (error) {
        throw describe(error);
      }
      const { sub, name } = payload;
      if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUBJECT)
        throw new InvalidAuthorToken('the token names no subject');
      const cleanName =
        typeof name === 'string' && name.trim() !== '' && name.isWellFormed()
          ? [...name.trim()].slice(0, MAX_NAME).join('')
          : undefined;
      return { subject: sub, ...(cleanName !== undefined && { name: cleanName }) };
    },
  };
}

function describe(error: unknown): Error {
  if (error instanceof errors.JWTExpired) return new InvalidAuthorToken('it has expired');
  if (error instanceof errors.JWTClaimValidationFailed)
    return new InvalidAuthorToken(`its "${error.claim}" claim is not accepted`);
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return new InvalidAuthorToken('its signature is not valid');
  if (error instanceof errors.JOSEError) {
    if (UNVERIFIABLE.has(error.code)) return new AuthorTokenUnverifiable();
    if (error.code === 'ERR_JWKS_NO_MATCHING_KEY')
      return new InvalidAuthorToken('it is signed with a key the site does not publish');
    if (error.code === 'ERR_JOSE_ALG_NOT_ALLOWED')
      return new InvalidAuthorToken('its algorithm is not accepted');
    return new InvalidAuthorToken('it is malformed');
  }
  // The key set could not be fetched (network error, bad response): not the reader's fault.
  return new AuthorTokenUnverifiable();
}
