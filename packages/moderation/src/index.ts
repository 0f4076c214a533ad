/**
 * The moderation engine: a pure library that turns a comment and a policy into a decision
 * with findings a moderator can read. No I/O, no clock: time and history are passed in.
 */
export type * from './types.ts';
export {
  policySchema,
  parsePolicy,
  POLICY_VERSION,
  type Policy,
  type PolicyInput,
  type Term,
} from './policy.ts';
export {
  diffPolicies,
  storedPolicy,
  type ListChange,
  type PolicyDiff,
  type StoredPolicy,
  type ValueChange,
} from './policy-versions.ts';
export { compilePolicy, type CompiledPolicy } from './compile.ts';
export { moderate } from './moderate.ts';
export {
  REASON_MESSAGES,
  TRUSTED_NOTE,
  renderReason,
  isReasonCode,
  type ReasonCode,
  type ReasonLanguage,
  type ReasonMessage,
} from './messages.ts';
export { fingerprint, hammingDistance } from './duplicates/fingerprint.ts';
export { nearDuplicateFingerprint } from './duplicates/near-duplicate-rule.ts';
export { normalize, originalSpan, type NormalizedText } from './normalize/normalize.ts';
export { isInvisible, hasInvisible } from './normalize/fold-table.ts';
export {
  MAX_COMMENT_LENGTH,
  MAX_AUTHOR_NAME_LENGTH,
  codePointLength,
  RTL_LANGUAGES,
  directionOf,
  primarySubtag,
} from './text-facts.js';
export * from './scorer/index.ts';
export { DEFAULT_MODEL_FILE, DEFAULT_POLICY_FILE } from './default-files.ts';
