import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePolicy, moderate } from '@cm/moderation';
import { describe, expect, test } from 'vitest';
import { loadPolicyFile } from './policy-file.ts';

const write = async (text: string) => {
  const file = join(await mkdtemp(join(tmpdir(), 'policy-')), 'policy.json');
  await writeFile(file, text);
  return file;
};

describe('the worker reads its moderation policy from a file', () => {
  test('without MODERATION_POLICY_FILE it uses the bundled policy, which rejects Arabic insults and approves news talk', async () => {
    const compiled = compilePolicy(await loadPolicyFile());
    const now = new Date('2026-11-24T12:00:00Z');
    expect(moderate({ body: 'اسكت يا حمار' }, compiled, { now }).action).toBe('reject');
    expect(
      moderate({ body: 'الحمار يجر العربة في سوق الرقة، صورة مؤثرة' }, compiled, { now }).action,
    ).toBe('approve');
  });

  test('a missing file, broken JSON and a bad field each stop the worker with a message naming the variable', async () => {
    await expect(loadPolicyFile('/nonexistent/policy.json')).rejects.toThrow(
      /^MODERATION_POLICY_FILE: cannot read/,
    );
    await expect(loadPolicyFile(await write('{"bannedWords": ['))).rejects.toThrow(
      /MODERATION_POLICY_FILE: .* is not valid JSON/,
    );
    await expect(loadPolicyFile(await write('{"bannedWords": "idiot"}'))).rejects.toThrow(
      /MODERATION_POLICY_FILE: .* is not a valid policy:[\s\S]*bannedWords/,
    );
  });
});
