import {
  addAuthorNoteBodySchema,
  AuthorNotFound,
  authorKeySchema,
  putAuthorStandingBodySchema,
} from '@cm/contracts';
import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { toAuthorDto, toAuthorNoteDto } from '../dto.ts';
import { principalOf, type Auth } from '../http/auth.ts';
import { parseOr400, requireJson } from '../http/problem.ts';
import { addAuthorNote, getAuthor, setAuthorStanding } from '../use-cases/authors.ts';

/** Moderators look authors up, set their standing and keep notes about them. */
export function authorRoutes(deps: AppDeps, auth: Auth): Router {
  const router = Router();
  router.use('/api/v1/authors', auth.requireModerator, (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  // A key that cannot exist is simply not found.
  const keyOf = (raw: string | string[] | undefined) => {
    const parsed = authorKeySchema.safeParse(raw);
    if (!parsed.success) throw new AuthorNotFound(String(raw));
    return parsed.data;
  };

  router.get('/api/v1/authors/:key', async (req, res) => {
    res.json(toAuthorDto(await getAuthor(deps, keyOf(req.params.key), new Date())));
  });

  router.put('/api/v1/authors/:key/standing', requireJson, async (req, res) => {
    const key = keyOf(req.params.key);
    const body = parseOr400(putAuthorStandingBodySchema, req.body, 'body');
    const author = await setAuthorStanding(deps, key, body, principalOf(res), new Date());
    res.json(toAuthorDto(author));
  });

  router.post('/api/v1/authors/:key/notes', requireJson, async (req, res) => {
    const key = keyOf(req.params.key);
    const body = parseOr400(addAuthorNoteBodySchema, req.body, 'body');
    const note = await addAuthorNote(deps, key, body.body, principalOf(res), new Date());
    res.status(201).json(toAuthorNoteDto(note));
  });

  return router;
}
