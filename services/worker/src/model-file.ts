import { readFile } from 'node:fs/promises';
import { DEFAULT_MODEL_FILE, parseModel, type ScorerModel } from '@cm/moderation';

/** The scorer trained on the bundled corpora (see packages/moderation/README.md). */
export { DEFAULT_MODEL_FILE };

/** Reads and validates a scorer model file; the error names the variable, the file and the problem. */
export async function loadModelFile(path: string = DEFAULT_MODEL_FILE): Promise<ScorerModel> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`MODERATION_MODEL_FILE: cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return parseModel(JSON.parse(text));
  } catch (error) {
    throw new Error(
      `MODERATION_MODEL_FILE: ${path} is not a valid scorer model: ${(error as Error).message}`,
    );
  }
}
