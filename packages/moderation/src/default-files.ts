/**
 * Where the bundled defaults live, so the worker and the batch CLI read the same files. Paths
 * only: reading them is the caller's I/O.
 */

/** The policy measured on the labelled corpus (Arabic, English and French lists). */
export const DEFAULT_POLICY_FILE = new URL('../corpus/policy.json', import.meta.url).pathname;

/** The scorer trained on the corpora's train split by `npm run train:model`. */
export const DEFAULT_MODEL_FILE = new URL('../corpus/model.json', import.meta.url).pathname;
