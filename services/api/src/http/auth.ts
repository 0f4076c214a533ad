import { timingSafeEqual, createHash } from 'node:crypto';
import { ADMIN_ACTOR, type ModeratorRepository, type Role } from '@cm/db';
import type { Request, RequestHandler, Response } from 'express';
import { HttpProblem } from './problem.ts';

export interface Principal {
  id: string;
  name: string;
  role: Role;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Failed authentications per client IP, shared by every API replica (Redis). */
export interface AuthFailureLimiter {
  /** Seconds until this IP may present a token again; 0 while it may. */
  retryAfterSeconds(ip: string): Promise<number>;
  /** Counts one failed authentication; returns the IP's failures in the current window. */
  recordFailure(ip: string): Promise<number>;
}

/**
 * Bearer-token authentication. The configured admin token is compared in constant time;
 * moderator tokens are looked up by their hash. Missing or unknown token → 401, a valid
 * token without the required role → 403. An IP that has spent its budget of failed
 * authentications gets 429 with Retry-After for any token — valid ones too, so a guesser learns
 * nothing while throttled. Successes are not counted and wait for nothing but the budget check.
 */
export function createAuth(
  adminToken: string,
  moderators: Pick<ModeratorRepository, 'findByToken'>,
  failures: AuthFailureLimiter,
) {
  const adminDigest = digest(adminToken);

  async function identify(
    header: string | undefined,
    acceptBasic: boolean,
  ): Promise<Principal | null> {
    const token = tokenOf(header, acceptBasic);
    if (!token) return null;
    if (timingSafeEqual(digest(token), adminDigest))
      return { id: ADMIN_ACTOR, name: 'Administrator (ADMIN_TOKEN)', role: 'admin' };
    const moderator = await moderators.findByToken(token);
    return moderator ? { id: moderator.id, name: moderator.name, role: moderator.role } : null;
  }

  const throttled = (retryAfterSeconds: number) =>
    new HttpProblem(
      429,
      'auth-rate-limited',
      'Too Many Requests',
      `Too many failed authentication attempts from your address; try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
      { headers: { 'Retry-After': String(retryAfterSeconds) }, retryAfterSeconds },
    );

  /**
   * `basicRealm`: for pages a browser navigates to (it cannot send a Bearer header), the token
   * may also come as the password of HTTP Basic credentials (any user name), and a refusal
   * challenges for them in that realm.
   */
  const requireRole =
    (role: Role, options: { basicRealm?: string } = {}): RequestHandler =>
    async (req, res, next) => {
      const header = req.get('authorization');
      const ip = req.ip ?? 'unknown';
      // A request without credentials guesses nothing: it is neither checked nor counted.
      if (header !== undefined) {
        const wait = await orWhenUnavailable(req, failures.retryAfterSeconds(ip), 0);
        if (wait > 0) {
          req.log.warn({ ip, method: req.method, path: pathOf(req) }, 'authentication throttled');
          throw throttled(wait);
        }
      }
      const principal = await identify(header, options.basicRealm !== undefined);
      if (!principal) {
        if (header !== undefined) {
          const count = await orWhenUnavailable(req, failures.recordFailure(ip), null);
          // Never the token: the IP and where it knocked are enough to act on.
          req.log.warn(
            { ip, method: req.method, path: pathOf(req), failures: count },
            'authentication failed',
          );
        }
        throw new HttpProblem(
          401,
          'unauthorized',
          'Unauthorized',
          options.basicRealm === undefined
            ? 'Send a valid token as "Authorization: Bearer <token>".'
            : 'Sign in with the admin token as the password (any user name), or send it as "Authorization: Bearer <token>".',
          {
            headers: {
              'WWW-Authenticate':
                options.basicRealm === undefined
                  ? 'Bearer realm="comment-moderation"'
                  : `Basic realm="${options.basicRealm}"`,
            },
          },
        );
      }
      if (role === 'admin' && principal.role !== 'admin') {
        throw new HttpProblem(
          403,
          'forbidden',
          'Forbidden',
          'This action needs an admin token; yours is a moderator token.',
        );
      }
      res.locals.principal = principal;
      next();
    };

  return {
    requireModerator: requireRole('moderator'),
    requireAdmin: requireRole('admin'),
    /** Admin pages a browser opens itself (the queue dashboard): Basic or Bearer. */
    requireAdminPage: (realm: string) => requireRole('admin', { basicRealm: realm }),
  };
}

/** The token of a Bearer header, or (when allowed) the password of Basic credentials. */
function tokenOf(header: string | undefined, acceptBasic: boolean): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (bearer) return bearer[1];
  const basic = acceptBasic ? /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header ?? '') : null;
  if (!basic?.[1]) return undefined;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && colon < decoded.length - 1 ? decoded.slice(colon + 1) : undefined;
}

/**
 * The throttle must not lock moderators out of a console that only needs Postgres: while Redis
 * cannot answer, authentication goes on unthrottled (and says so in the log).
 */
async function orWhenUnavailable<T, F>(req: Request, pending: Promise<T>, fallback: F) {
  try {
    return await pending;
  } catch (error) {
    req.log.warn({ err: error }, 'failed-authentication throttle unavailable; not throttling');
    return fallback;
  }
}

/** The full path asked for (`req.path` is relative to the router's mount), without the query. */
const pathOf = (req: Request) => req.originalUrl.split('?')[0];

export type Auth = ReturnType<typeof createAuth>;

export const principalOf = (res: Response): Principal => res.locals.principal as Principal;
