import { findingSchema } from '@cm/contracts';
import { compilePolicy, moderate, parsePolicy } from '@cm/moderation';
import { describe, expect, test } from 'vitest';
import { toFindingDto } from './dto.ts';

describe('findings as moderators read them', () => {
  test('a finding the engine gives today carries its code, params and the reason in Arabic and English', () => {
    const [finding] = moderate(
      { body: 'قرار غبي' },
      compilePolicy(parsePolicy({ suspectWords: ['غبي'] })),
      {
        now: new Date(),
      },
    ).findings;
    const dto = findingSchema.parse(toFindingDto(JSON.parse(JSON.stringify(finding))));
    expect(dto).toMatchObject({
      rule: 'suspect-words',
      code: 'suspect-word',
      params: { term: 'غبي', count: 1 },
      messages: { en: 'Contains the suspect term "غبي".', ar: 'يحتوي على العبارة المشبوهة «غبي».' },
      term: 'غبي',
    });
  });

  test('a finding stored before findings had codes gets a code from its rule and its English reason in both languages', () => {
    const stored = {
      rule: 'links',
      action: 'hold',
      reason: 'A new author posted a link; links from new authors are reviewed first.',
      spans: [],
      check: 'new-author',
    };
    expect(findingSchema.parse(toFindingDto(stored))).toMatchObject({
      code: 'link-new-author',
      params: {},
      messages: { en: stored.reason, ar: stored.reason },
    });
    expect(toFindingDto({ ...stored, rule: 'some-old-rule', check: undefined }).code).toBe(
      'some-old-rule',
    );
  });
});
