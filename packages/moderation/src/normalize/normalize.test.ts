import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { normalize, originalSpan } from './normalize.ts';

const fold = (text: string) => normalize(text).text;

describe('normalize', () => {
  test('tashkeel, dagger alef and tatweel disappear', () => {
    expect(fold('كَلْـــبٌ')).toBe('كلب');
    expect(fold('هٰذا')).toBe('هذا');
  });

  test('alef variants, alef maqsura, ta marbuta and hamza carriers fold to one letter each', () => {
    expect(fold('أحمد إبراهيم آمال ٱلله')).toBe('احمد ابراهيم امال الله');
    expect(fold('مستشفى')).toBe('مستشفي');
    expect(fold('مدرسة')).toBe('مدرسه');
    expect(fold('مؤتمر رئيس')).toBe('موتمر رييس');
  });

  test('Persian and Urdu letter forms read as their Arabic letters', () => {
    expect(fold('کلب')).toBe('كلب');
    expect(fold('یا')).toBe('يا');
    expect(fold('مدرسە')).toBe('مدرسه');
    expect(fold('ہے')).toBe('هي');
  });

  test('Arabic-Indic and Persian digits become ASCII digits', () => {
    expect(fold('٢٠٢٦ و ۱۴۰۵')).toBe('2026 و 1405');
  });

  test('presentation forms and ligatures decompose into plain letters', () => {
    expect(fold('ﻛﻠﺐ')).toBe('كلب');
    expect(fold('ﻻ')).toBe('لا');
  });

  test('zero-width characters, soft hyphens, BOM and bidi controls are removed', () => {
    expect(fold('ك\u200bل\u200dب\u200f \u202eabc\u202c in\u00advisible\ufeff')).toBe(
      'كلب abc invisible',
    );
  });

  test('Latin is lower-cased and loses its accents; fullwidth and mathematical letters are plain', () => {
    expect(fold('Crème BRÛLÉE ｆｕｌｌ 𝐛𝐨𝐥𝐝 Straße')).toBe('creme brulee full bold strasse');
  });

  test('Cyrillic and Greek look-alikes read as the Latin letters they imitate', () => {
    expect(fold('ѕһіт ΚΙLL')).toBe('shit kill');
  });

  test('a letter repeated three times or more collapses to one, a doubled letter stays', () => {
    const normalized = normalize('حماااار kill good looool');
    expect(normalized.text).toBe('حمار kill good lol');
    expect([...normalized.elongated].filter((e) => e === 1)).toHaveLength(2);
  });

  test('each position maps back to the characters it came from', () => {
    const body = 'يا كَلْـــب!';
    const normalized = normalize(body);
    const at = normalized.text.indexOf('كلب');
    expect(originalSpan(normalized, body, at, at + 3)).toEqual({
      start: 3,
      end: 11,
      text: 'كَلْـــب',
    });
  });

  test('an elongated letter maps back to the whole run', () => {
    const body = 'goooood';
    const normalized = normalize(body);
    expect(normalized.text).toBe('god');
    expect(originalSpan(normalized, body, 1, 2)).toMatchObject({ start: 1, end: 6, text: 'ooooo' });
  });

  test('for any text, every normalized character comes from an ordered, in-bounds span of the original that folds to it', () => {
    const alphabet = fc.constantFrom(
      ...'abcXYZ éÉ ßİ ١٢ كلبحمار أإآٱىةؤئ ـ َ ُ ِ ّ ْ ٰ ﻛﻠﺐﻻ ｆ𝐛 ѕа \u200b\u200d\u202e\u00ad\ufeff 😀👍🏽 \n\t.!*'.split(
        '',
      ),
      '😀',
      '𝐛',
      '👍🏽',
    );
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join('')),
        (body) => {
          const normalized = normalize(body);
          let previousStart = 0;
          for (let i = 0; i < normalized.text.length; i++) {
            const start = normalized.starts[i]!;
            const end = normalized.ends[i]!;
            expect(start).toBeGreaterThanOrEqual(previousStart);
            expect(end).toBeGreaterThan(start);
            expect(end).toBeLessThanOrEqual(body.length);
            expect(normalize(body.slice(start, end)).text).toContain(normalized.text[i]);
            previousStart = start;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
