import { timingSafeEqual, createHash } from 'node:crypto';
import { ADMIN_ACTOR, type ModeratorRepository, type Role } from '@cm/db';
import type { RequestHandler, Response } from 'express';
import { HttpProblem } from './problem.ts';

export interface Principal {
  id: string;
  name: string;
  role: Role;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Bearer-token authentication. The configured admin token is compared in constant time;
 * moderator tokens are looked up by their hash. Missing or unknown token → 401, a valid
 * token without the required role → 403.
 */
export function createAuth(
  adminToken: string,
  moderators: Pick<ModeratorRepository, 'findByToken'>,
) {
  const adminDigest = digest(adminToken);

  async function identify(header: string | undefined): Promise<Principal | null> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    const token = match?.[1];
    if (!token) return null;
    if (timingSafeEqual(digest(token), adminDigest))
      return { id: ADMIN_ACTOR, name: 'Administrator (ADMIN_TOKEN)', role: 'admin' };
    const moderator = await moderators.findByToken(token);
    return moderator ? { id: moderator.id, name: moderator.name, role: moderator.role } : null;
  }

  const requireRole =
    (role: Role): RequestHandler =>
    async (req, res, next) => {
      const principal = await identify(req.get('authorization'));
      if (!principal) {
        throw new HttpProblem(
          401,
          'unauthorized',
          'Unauthorized',
          'Send a valid token as "Authorization: Bearer <token>".',
          {
            headers: { 'WWW-Authenticate': 'Bearer realm="comment-moderation"' },
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

  return { requireModerator: requireRole('moderator'), requireAdmin: requireRole('admin') };
}

export type Auth = ReturnType<typeof createAuth>;

export const principalOf = (res: Response): Principal => res.locals.principal as Principal;
