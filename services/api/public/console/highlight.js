// Marks the words that made the pipeline act, in the comment exactly as the reader wrote it.
import { h } from '../lib/dom.js';
import { lang } from './i18n.js';

/** @type {Record<string, number>} */
const STRENGTH = { reject: 3, hold: 2, score: 1, approve: 0 };

/**
 * Cuts `body` into runs; each run knows which findings cover it. Spans are half-open UTF-16
 * ranges into `body`; overlapping spans (two rules on one word) split into separate runs.
 * @param {string} body
 * @param {import('./api.js').Finding[]} findings
 * @returns {{ text: string, findings: import('./api.js').Finding[] }[]}
 */
export function segments(body, findings) {
  const ranges = findings.flatMap((finding) =>
    (finding.spans ?? [])
      .map((span) => ({
        start: Math.max(0, span.start),
        end: Math.min(body.length, span.end),
        finding,
      }))
      .filter(({ start, end }) => Number.isInteger(start) && Number.isInteger(end) && start < end),
  );
  const cuts = [...new Set([0, body.length, ...ranges.flatMap((r) => [r.start, r.end])])].sort(
    (a, b) => a - b,
  );
  /** @type {{ text: string, findings: import('./api.js').Finding[] }[]} */
  const runs = [];
  for (let i = 0; i < cuts.length - 1; i += 1) {
    const start = /** @type {number} */ (cuts[i]);
    const end = /** @type {number} */ (cuts[i + 1]);
    const covering = ranges.filter((r) => r.start <= start && end <= r.end).map((r) => r.finding);
    const previous = runs.at(-1);
    if (previous && previous.findings.length === 0 && covering.length === 0)
      previous.text += body.slice(start, end);
    else runs.push({ text: body.slice(start, end), findings: [...new Set(covering)] });
  }
  return runs;
}

/**
 * @param {import('./api.js').Finding[]} findings
 */
export function strongestAction(findings) {
  return findings.reduce(
    (best, f) => ((STRENGTH[f.action] ?? 0) > (STRENGTH[best] ?? 0) ? f.action : best),
    'score',
  );
}

/**
 * The comment body with `<mark>` around matched text. Text goes in as text nodes only.
 * @param {string} body
 * @param {import('./api.js').Finding[]} findings
 */
export function highlightedBody(body, findings) {
  return segments(body, findings).map(({ text, findings: covering }) =>
    covering.length === 0
      ? text
      : h(
          'mark',
          {
            class: `hl hl-${strongestAction(covering)}`,
            title: covering.map((f) => findingReason(f)).join('\n'),
          },
          text,
        ),
  );
}

/**
 * Why a rule fired, in the console's language when the API rendered it (`messages`), else the
 * rule's own (English) reason.
 * @param {import('./api.js').Finding} finding
 */
export function findingReason(finding) {
  return finding.messages?.[lang()] || finding.reason;
}
