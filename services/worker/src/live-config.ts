import { SYSTEM_ACTOR, type PolicyRepository, type ScorerModelRepository } from '@cm/db';
import {
  compilePolicy,
  parseModel,
  parsePolicy,
  serializeModel,
  storedPolicy,
  type CompiledPolicy,
  type Policy,
  type ScorerModel,
} from '@cm/moderation';
import type { ConfigBus } from '@cm/queue';
import type { Logger } from 'pino';

/** How long `start` waits for the first load before it lets the worker start anyway. */
const FIRST_LOAD_WAIT_MS = 5_000;

/** A stored version that does not validate (as opposed to a database that does not answer). */
class InvalidStoredVersion extends Error {}

/** What a job decides with: one consistent snapshot, taken when the job starts. */
export interface ActiveConfig {
  readonly compiled: CompiledPolicy;
  /** policy_versions.version; also `compiled.policy.version`. */
  readonly policyVersion: number;
  /** scorer_models.version of `compiled.model`, or null when the worker runs without a model. */
  readonly modelVersion: number | null;
}

export interface LiveConfigDeps {
  policies: Pick<PolicyRepository, 'activeVersion' | 'get' | 'ensureActive'>;
  models: Pick<ScorerModelRepository, 'activeVersion' | 'get' | 'ensureActive'>;
  bus: Pick<ConfigBus, 'subscribe'>;
  logger: Logger;
  /** How often the active versions are read from Postgres, whatever the bus says. */
  pollMs: number;
  /**
   * What a database without an active policy (or model) starts with: the policy file and the
   * bundled model, saved as the first versions (once, however many workers start together).
   */
  seed: { policy: Policy; model: ScorerModel | null };
}

/**
 * The policy and model a worker runs, kept in step with Postgres while it runs. An activation
 * (ConfigBus message, or the next poll when a message was missed) makes it read the active
 * versions, validate and compile them off the job path, and swap the snapshot in one
 * assignment: a job in progress finishes with the snapshot it started with, the next one gets
 * the new. A stored version that does not validate is logged and skipped: the worker keeps the
 * last good one.
 *
 * Postgres may be unreachable when the worker starts (it waits for it like for any outage):
 * until the first load succeeds, `ready()` retries the load, and a job that still finds none
 * fails and is retried with backoff, as it would when it cannot store its decision.
 */
export class LiveConfig {
  private current: ActiveConfig | null = null;
  private loadedPolicy: { version: number; policy: Policy } | null = null;
  private loadedModel: { version: number; model: ScorerModel } | null = null;
  /** Versions that failed validation, so a poll does not log them again every few seconds. */
  private readonly refused = new Set<string>();
  private refreshing: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private subscription: Promise<(() => Promise<void>) | undefined> | undefined;

  private constructor(private readonly deps: LiveConfigDeps) {}

  /** Starts following the active versions; resolves after the first load (which may fail). */
  static async start(deps: LiveConfigDeps): Promise<LiveConfig> {
    const live = new LiveConfig(deps);
    // Not awaited: while Redis is down the subscription waits for it; polling covers the gap.
    live.subscription = deps.bus
      .subscribe((change) => {
        deps.logger.debug(change, 'configuration change announced');
        void live.refresh();
      })
      .catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'no configuration announcements; polling only');
        return undefined;
      });
    live.timer = setInterval(() => void live.refresh(), deps.pollMs);
    live.timer.unref();
    // Usually loaded in moments; an unreachable Postgres must not hold the start (jobs wait instead).
    let waited: NodeJS.Timeout | undefined;
    await Promise.race([
      live.refresh(),
      new Promise((resolve) => (waited = setTimeout(resolve, FIRST_LOAD_WAIT_MS))),
    ]);
    clearTimeout(waited);
    return live;
  }

  /** The snapshot to decide the next comment with, or null before the first successful load. */
  get(): ActiveConfig | null {
    return this.current;
  }

  /** The snapshot, loading it first when none is loaded yet; throws when it still cannot be. */
  async ready(): Promise<ActiveConfig> {
    if (this.current) return this.current;
    await this.refresh();
    if (this.current) return this.current;
    throw new Error(
      'no moderation policy loaded yet (the database is unreachable, or the active policy is invalid)',
    );
  }

  /**
   * Reads the active versions and swaps in whatever changed. Calls made while a refresh runs
   * are folded into one more refresh after it. Never rejects (errors are logged).
   */
  refresh(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        await this.reload().catch((error: unknown) =>
          this.deps.logger.warn({ err: error }, 'could not read the active policy and model'),
        );
      } while (this.again && !this.stopped);
      this.refreshing = null;
    })();
    return this.refreshing;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    const unsubscribe = await this.subscription;
    await unsubscribe?.();
    await this.refreshing;
  }

  private async reload(): Promise<void> {
    if (!this.current) await this.bootstrap();
    const [policyVersion, modelVersion] = await Promise.all([
      this.deps.policies.activeVersion(),
      this.deps.models.activeVersion(),
    ]);
    let policy = this.loadedPolicy;
    let model = this.loadedModel;
    if (policyVersion !== null && policyVersion !== policy?.version) {
      const next = await this.tryRead('policy', policyVersion, () =>
        this.readPolicy(policyVersion),
      );
      if (next) policy = next;
    }
    if (modelVersion !== null && modelVersion !== model?.version) {
      const next = await this.tryRead('model', modelVersion, () => this.readModel(modelVersion));
      if (next) model = next;
    }
    if (!policy) return;
    if (this.current && policy === this.loadedPolicy && model === this.loadedModel) return;
    const next: ActiveConfig = {
      compiled: compilePolicy(policy.policy, { model: model?.model ?? null }),
      policyVersion: policy.version,
      modelVersion: model?.version ?? null,
    };
    this.loadedPolicy = policy;
    this.loadedModel = model;
    this.current = next;
    this.deps.logger.info(
      { policyVersion: next.policyVersion, modelVersion: next.modelVersion },
      'moderating with the active policy and model',
    );
  }

  /** First start on an empty database: the seed becomes version 1 (race-safe in the repositories). */
  private async bootstrap(): Promise<void> {
    const policy = await this.deps.policies.ensureActive({
      policy: storedPolicy(this.deps.seed.policy),
      note: 'The policy file, saved at first start.',
      createdBy: SYSTEM_ACTOR,
    });
    if (policy.created)
      this.deps.logger.info(
        { policyVersion: policy.version },
        'saved the policy file as a version',
      );
    const model = this.deps.seed.model;
    if (!model) return;
    const saved = await this.deps.models.ensureActive({
      model: JSON.stringify(serializeModel(model)),
      evaluation: (model.evaluation ?? null) as never,
      trainedOn: { ...model.training } as never,
      note: `The bundled model ${model.version}, saved at first start.`,
      createdBy: SYSTEM_ACTOR,
    });
    if (saved.created)
      this.deps.logger.info({ modelVersion: saved.version }, 'saved the model file as a version');
  }

  private async tryRead<T>(
    kind: 'policy' | 'model',
    version: number,
    read: () => Promise<T>,
  ): Promise<T | undefined> {
    const key = `${kind}:${version}`;
    if (this.refused.has(key)) return undefined;
    try {
      return await read();
    } catch (error) {
      if (error instanceof InvalidStoredVersion) {
        this.refused.add(key);
        this.deps.logger.error(
          { err: error, [`${kind}Version`]: version },
          `active ${kind} version ${version} is invalid; keeping the one in use`,
        );
        return undefined;
      }
      throw error;
    }
  }

  private async readPolicy(version: number): Promise<{ version: number; policy: Policy }> {
    const record = await this.deps.policies.get(version);
    if (!record) throw new Error(`policy version ${version} vanished`);
    try {
      // The row's number is the version, whatever the JSON says.
      return { version, policy: { ...parsePolicy(record.policy), version } };
    } catch (error) {
      throw new InvalidStoredVersion((error as Error).message);
    }
  }

  private async readModel(version: number): Promise<{ version: number; model: ScorerModel }> {
    const record = await this.deps.models.get(version);
    if (!record) throw new Error(`scorer model version ${version} vanished`);
    try {
      return { version, model: parseModel(JSON.parse(record.model)) };
    } catch (error) {
      throw new InvalidStoredVersion((error as Error).message);
    }
  }
}
