import { trainingJobIdSchema, TrainingRunNotFound } from '@cm/contracts';
import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { toScorerModelDto, toTrainingRunDto } from '../dto.ts';
import { principalOf, type Auth } from '../http/auth.ts';
import {
  listScorerModels,
  requestScorerTraining,
  scorerTrainingRun,
} from '../use-cases/scorer-models.ts';

/** Admin-only: the learned scorer's versions and training runs. */
export function modelRoutes(deps: AppDeps, auth: Auth): Router {
  const router = Router();

  router.post('/api/v1/admin/models/train', auth.requireAdmin, async (_req, res) => {
    const { jobId } = await requestScorerTraining(deps, principalOf(res).id);
    res.set('Location', `/api/v1/admin/models/training/${encodeURIComponent(jobId)}`);
    res.status(202).json({ jobId, status: 'queued' });
  });

  router.get('/api/v1/admin/models/training/:jobId', auth.requireAdmin, async (req, res) => {
    const jobId = trainingJobIdSchema.safeParse(req.params.jobId);
    if (!jobId.success) throw new TrainingRunNotFound(String(req.params.jobId));
    const run = await scorerTrainingRun(deps, jobId.data);
    res.set('Cache-Control', 'no-store');
    res.json(toTrainingRunDto(run));
  });

  router.get('/api/v1/admin/models', auth.requireAdmin, async (_req, res) => {
    const { active, items } = await listScorerModels(deps);
    res.set('Cache-Control', 'no-store');
    res.json({ active, items: items.map(toScorerModelDto) });
  });

  return router;
}
