import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePolicy, moderate } from '@cm/moderation';
import { describe, expect, test } from 'vitest';
import { loadModelFile } from './model-file.ts';
import { loadPolicyFile } from './policy-file.ts';

const write = async (text: string) => {
  const file = join(await mkdtemp(join(tmpdir(), 'model-')), 'model.json');
  await writeFile(file, text);
  return file;
};

describe('the worker reads its learned scorer from a file', () => {
  test('without MODERATION_MODEL_FILE it uses the bundled model, which holds an insult without a listed word and lets news talk through', async () => {
    const model = await loadModelFile();
    const compiled = compilePolicy(await loadPolicyFile(), { model });
    const now = new Date('2026-11-24T12:00:00Z');
    const insult = moderate(
      { body: 'you have the reading comprehension of a houseplant, go back to school' },
      compiled,
      { now },
    );
    expect(insult).toMatchObject({
      action: 'hold',
      modelVersion: model.version,
      findings: [{ rule: 'classifier', action: 'hold' }],
    });
    expect(
      moderate(
        { body: 'Thank you for this careful report on the floods in the north.' },
        compiled,
        { now },
      ).action,
    ).toBe('approve');
  });

  test('a missing file, broken JSON and a file that is not a model each stop the worker with a message naming the variable', async () => {
    await expect(loadModelFile('/nonexistent/model.json')).rejects.toThrow(
      /^MODERATION_MODEL_FILE: cannot read/,
    );
    await expect(loadModelFile(await write('{"format": '))).rejects.toThrow(
      /MODERATION_MODEL_FILE: .* is not a valid scorer model/,
    );
    await expect(loadModelFile(await write('{"format": "cm-scorer/1"}'))).rejects.toThrow(
      /MODERATION_MODEL_FILE: .* is not a valid scorer model:[\s\S]*weights/,
    );
  });
});
