import { DIGIT, isInvisible, LETTER } from '../normalize/fold-table.ts';
import type { Finding } from '../types.ts';
import { visibleLength, type RuleInput } from './rule.ts';

const EMOJI = /\p{Extended_Pictographic}/gu;
const HAS_EMOJI = /\p{Extended_Pictographic}/u;
/** Below this many visible characters, a share of emoji says nothing ("👏👏"). */
const MIN_VISIBLE_FOR_RATIO = 10;

/** Character floods ("!!!!!!!!!!!!!", "ههههههههههههههههه"), emoji floods and a word repeated over and over. */
export function floodRule({ input, normalized, compiled }: RuleInput): Finding[] {
  const policy = compiled.policy.flood;
  if (!policy.enabled) return [];
  const findings: Finding[] = [];
  const body = input.body;

  // Runs of one character in the original, not counting invisible characters slipped inside.
  let runCp = -1;
  let runStart = 0;
  let runEnd = 0;
  let runLength = 0;
  let longest = { start: 0, end: 0, length: 0 };
  for (let i = 0; i <= body.length;) {
    const cp = i < body.length ? body.codePointAt(i)! : -2;
    const width = cp > 0xffff ? 2 : 1;
    if (cp >= 0 && isInvisible(cp)) {
      i += width;
      continue;
    }
    if (cp === runCp) {
      runLength++;
      runEnd = i + width;
    } else {
      if (runLength > longest.length && !/[\s\d]/u.test(String.fromCodePoint(Math.max(runCp, 0)))) {
        longest = { start: runStart, end: runEnd, length: runLength };
      }
      runCp = cp;
      runStart = i;
      runEnd = i + width;
      runLength = 1;
    }
    i += width;
  }
  if (longest.length > policy.maxRepeatedChar) {
    findings.push({
      rule: 'flood',
      code: 'repeated-character',
      params: { count: longest.length, limit: policy.maxRepeatedChar },
      action: policy.action,
      reason: `One character is repeated ${longest.length} times in a row (more than ${policy.maxRepeatedChar}).`,
      spans: [
        { start: longest.start, end: longest.end, text: body.slice(longest.start, longest.end) },
      ],
      check: 'repeated-character',
      count: longest.length,
      limit: policy.maxRepeatedChar,
    });
  }

  const emoji = HAS_EMOJI.test(body) ? [...body.matchAll(EMOJI)].length : 0;
  if (emoji > 0) {
    const visible = visibleLength(normalized);
    const ratio = visible > 0 ? emoji / visible : 0;
    if (
      emoji > policy.maxEmoji ||
      (visible >= MIN_VISIBLE_FOR_RATIO && ratio > policy.maxEmojiRatio)
    ) {
      findings.push({
        rule: 'flood',
        ...(emoji > policy.maxEmoji
          ? { code: 'emoji-flood', params: { count: emoji, limit: policy.maxEmoji } }
          : {
              code: 'emoji-share',
              params: {
                percent: Math.round(ratio * 100),
                limit: Math.round(policy.maxEmojiRatio * 100),
              },
            }),
        action: policy.action,
        reason:
          emoji > policy.maxEmoji
            ? `The comment has ${emoji} emoji (more than ${policy.maxEmoji}).`
            : `${Math.round(ratio * 100)}% of the comment is emoji (more than ${Math.round(policy.maxEmojiRatio * 100)}%).`,
        spans: [],
        check: 'emoji',
        count: emoji,
        limit: policy.maxEmoji,
      });
    }
  }

  // The same folded word many times in a row ("spam spam spam …").
  const { text, classes } = normalized;
  let previousStart = -1;
  let previousLength = 0;
  let repeats = 0;
  let firstStart = 0;
  let firstEnd = 0;
  let worst = { count: 0, start: 0, end: 0, word: '' };
  for (let i = 0; i < text.length;) {
    if (classes[i] !== LETTER && classes[i] !== DIGIT) {
      i++;
      continue;
    }
    let j = i;
    while (j < text.length && (classes[j] === LETTER || classes[j] === DIGIT)) j++;
    if (
      previousStart >= 0 &&
      j - i === previousLength &&
      text.startsWith(text.slice(previousStart, previousStart + previousLength), i)
    ) {
      repeats++;
    } else {
      repeats = 1;
      firstStart = i;
      firstEnd = j;
    }
    previousStart = i;
    previousLength = j - i;
    if (repeats > worst.count && repeats > policy.maxRepeatedWord) {
      worst = { count: repeats, start: firstStart, end: j, word: text.slice(firstStart, firstEnd) };
    }
    i = j;
  }
  if (worst.count > policy.maxRepeatedWord) {
    const start = normalized.starts[worst.start]!;
    const end = normalized.ends[worst.end - 1]!;
    findings.push({
      rule: 'flood',
      code: 'repeated-word',
      params: { word: worst.word, count: worst.count, limit: policy.maxRepeatedWord },
      action: policy.action,
      reason: `The word "${worst.word}" is repeated ${worst.count} times in a row (more than ${policy.maxRepeatedWord}).`,
      spans: [{ start, end, text: body.slice(start, end) }],
      check: 'repeated-word',
      count: worst.count,
      limit: policy.maxRepeatedWord,
    });
  }
  return findings;
}
