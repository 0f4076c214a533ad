import { describe, expect, test } from 'vitest';
import { MESSAGES, translate } from '../../public/console/messages.js';

const placeholders = (message: unknown): string[] =>
  [
    ...new Set(
      (typeof message === 'string' ? [message] : Object.values(message as object))
        .flatMap((text: string) => text.match(/\{\w+\}/g) ?? [])
        .filter((name) => name !== '{n}'),
    ),
  ].sort();

describe("the console's message catalogue", () => {
  test('every message exists in Arabic and English, with the same blanks to fill', () => {
    expect(Object.keys(MESSAGES.ar).sort()).toEqual(Object.keys(MESSAGES.en).sort());
    for (const [key, english] of Object.entries(MESSAGES.en)) {
      const arabic = MESSAGES.ar[key as keyof typeof MESSAGES.ar];
      expect(placeholders(arabic), key).toEqual(placeholders(english));
      for (const text of typeof arabic === 'string' ? [arabic] : Object.values(arabic))
        expect(text.trim(), key).not.toBe('');
    }
  });

  test('counts take the right Arabic plural form and the digits of the chosen language', () => {
    expect(translate('en', 'selectedCount', { n: 2 })).toBe('2 selected');
    expect(translate('ar', 'selectedCount', { n: 2 })).toBe('تعليقان محددان');
    expect(translate('ar', 'selectedCount', { n: 3 })).toBe(
      `${new Intl.NumberFormat('ar').format(3)} تعليقات محددة`,
    );
    expect(translate('ar', 'approvedOne', { name: 'سلمى' })).toBe('نُشر تعليق سلمى.');
  });
});
