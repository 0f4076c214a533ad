import { NoActivePolicy, PolicyVersionNotFound, type PutPolicyBody } from '@cm/contracts';
import type { PolicyRepository, PolicyVersionRecord, PolicyVersionSummary } from '@cm/db';
import { diffPolicies, storedPolicy, type PolicyDiff } from '@cm/moderation';
import type { ConfigBus } from '@cm/queue';
import type { Logger } from 'pino';

export interface PolicyDeps {
  policies: Pick<
    PolicyRepository,
    'save' | 'activate' | 'active' | 'activeVersion' | 'get' | 'list'
  >;
  configBus: Pick<ConfigBus, 'publish'>;
  logger: Logger;
}

/** The policy every worker runs now. */
export async function activePolicy(deps: PolicyDeps): Promise<PolicyVersionRecord> {
  const active = await deps.policies.active();
  if (!active) throw new NoActivePolicy();
  return active;
}

export async function policyVersion(
  deps: PolicyDeps,
  version: number,
): Promise<PolicyVersionRecord> {
  const record = await deps.policies.get(version);
  if (!record) throw new PolicyVersionNotFound(version);
  return record;
}

export const policyVersions = (deps: PolicyDeps): Promise<PolicyVersionSummary[]> =>
  deps.policies.list();

/**
 * Saves a validated policy as a new version, and (unless `activate` is false) activates it in
 * the same transaction and tells the workers.
 */
export async function savePolicy(
  deps: PolicyDeps,
  input: PutPolicyBody,
  actor: string,
): Promise<PolicyVersionRecord> {
  const { version } = await deps.policies.save({
    policy: storedPolicy(input.policy),
    note: input.note ?? null,
    createdBy: actor,
    activate: input.activate,
  });
  if (input.activate) await announce(deps, version);
  return policyVersion(deps, version);
}

/** Activates a saved version (a draft, or an older one: a rollback) and tells the workers. */
export async function activatePolicy(
  deps: PolicyDeps,
  version: number,
  actor: string,
): Promise<PolicyVersionRecord> {
  const result = await deps.policies.activate(version, actor);
  if (!result) throw new PolicyVersionNotFound(version);
  if (result.changed) await announce(deps, version);
  return policyVersion(deps, version);
}

/** What changed from one version to another (default: to the active one). */
export async function diffPolicyVersions(
  deps: PolicyDeps,
  from: number,
  to?: number,
): Promise<PolicyDiff & { from: number; to: number }> {
  const target = to ?? (await deps.policies.activeVersion());
  if (target === null) throw new NoActivePolicy();
  const [a, b] = await Promise.all([policyVersion(deps, from), policyVersion(deps, target)]);
  return { from, to: target, ...diffPolicies(a.policy, b.policy) };
}

/**
 * Workers switch within moments when they hear of it. Postgres already holds the change, so a
 * Redis hiccup here only delays them until their next poll: logged, not an error for the caller.
 */
async function announce(deps: PolicyDeps, version: number): Promise<void> {
  await deps.configBus.publish({ kind: 'policy', version }).catch((error: unknown) => {
    deps.logger.warn({ err: error, version }, 'could not announce the policy; workers will poll');
  });
}
