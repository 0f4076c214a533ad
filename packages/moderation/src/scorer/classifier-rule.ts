import { DIGIT, LETTER } from '../normalize/fold-table.ts';
import { originalSpan, type NormalizedText } from '../normalize/normalize.ts';
import type { Rule } from '../rules/rule.ts';
import type { Finding, FindingAction, Span } from '../types.ts';
import { explainNormalized, scoreNormalized } from './model.ts';

/** How many n-grams a finding names: enough to see why, few enough to read. */
const EXPLAINED_NGRAMS = 3;

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The learned scorer: one finding on every comment when the policy enables it and a model was
 * compiled in. Its action is `score` below `holdAt`, `hold` from `holdAt`, `reject` from
 * `rejectAt`. When it holds or rejects, the spans are the words holding the n-grams that raised
 * the score most, and `ngrams` lists those n-grams (normalized) with their weights.
 */
export const classifierRule: Rule = ({ input, normalized, compiled }) => {
  const model = compiled.model;
  const settings = compiled.policy.classifier;
  if (!model || !settings.enabled) return [];
  const score = scoreNormalized(model, normalized);
  const action: FindingAction =
    settings.rejectAt !== null && score >= settings.rejectAt
      ? 'reject'
      : score >= settings.holdAt
        ? 'hold'
        : 'score';
  // Explaining costs about three scorings: only a comment held for a moderator needs it.
  const contributions =
    action === 'score'
      ? []
      : explainNormalized(model, normalized, EXPLAINED_NGRAMS).contributions.map((c) => ({
          ...c,
          ...wholeCharacters(normalized.text, c.start, c.end),
        }));
  const spans: Span[] = [];
  for (const { start, end } of [...contributions].sort((a, b) => a.start - b.start)) {
    const [from, to] = wordsAround(normalized, start, end);
    const last = spans[spans.length - 1];
    const span = originalSpan(normalized, input.body, from, to);
    if (last && span.start <= last.end) {
      // Overlapping or touching words read as one passage.
      if (span.end > last.end)
        spans[spans.length - 1] = {
          start: last.start,
          end: span.end,
          text: input.body.slice(last.start, span.end),
        };
    } else spans.push(span);
  }
  const shown = round(score, 2).toFixed(2);
  const reason =
    action === 'score'
      ? `The learned scorer rates it ${shown}, under the ${settings.holdAt} at which it holds.`
      : `The learned scorer rates it ${shown}, at or over the ${action === 'reject' ? settings.rejectAt : settings.holdAt} at which it ${action === 'reject' ? 'rejects' : 'holds'}; the highlighted words raised the score most.`;
  const finding: Finding = {
    rule: 'classifier',
    code: 'classifier-score',
    params: {
      score: Number(shown),
      threshold: (action === 'reject' ? settings.rejectAt : settings.holdAt) ?? settings.holdAt,
      outcome: action,
    },
    action,
    reason,
    spans,
    score: round(score, 4),
    modelVersion: model.version,
    holdAt: settings.holdAt,
    rejectAt: settings.rejectAt,
    ngrams: contributions.map((c) => ({
      text: normalized.text.slice(c.start, c.end),
      weight: round(c.weight, 3),
    })),
  };
  return [finding];
};

const isWord = (normalized: NormalizedText, i: number) => {
  const cls = normalized.classes[i];
  return cls === LETTER || cls === DIGIT;
};

/** Widens an n-gram to the whole words it touches, without the spaces around them. */
function wordsAround(normalized: NormalizedText, start: number, end: number): [number, number] {
  let from = start;
  let to = end;
  while (from < to && !isWord(normalized, from)) from++;
  while (to > from && !isWord(normalized, to - 1)) to--;
  if (from === to) return [start, end];
  while (from > 0 && isWord(normalized, from - 1)) from--;
  while (to < normalized.text.length && isWord(normalized, to)) to++;
  return [from, to];
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * Widens a range so it cuts no character in half: an n-gram of an emoji's two UTF-16 units may
 * hold one of them, and a lone surrogate is no text (Postgres refuses it in JSON).
 */
function wholeCharacters(text: string, start: number, end: number): { start: number; end: number } {
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start--;
  if (end < text.length && end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end++;
  return { start, end };
}
