import { readFile } from 'node:fs/promises';
import { DEFAULT_POLICY_FILE, parsePolicy, type Policy } from '@cm/moderation';

/** The policy measured on the labelled corpus (see packages/moderation/README.md). */
export { DEFAULT_POLICY_FILE };

/** Reads and validates a policy file; the error names the file and each bad field. */
export async function loadPolicyFile(path: string = DEFAULT_POLICY_FILE): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`MODERATION_POLICY_FILE: cannot read ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `MODERATION_POLICY_FILE: ${path} is not valid JSON: ${(error as Error).message}`,
    );
  }
  try {
    return parsePolicy(json);
  } catch (error) {
    throw new Error(
      `MODERATION_POLICY_FILE: ${path} is not a valid policy:\n${(error as Error).message}`,
    );
  }
}
