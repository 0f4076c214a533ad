import LinkifyIt from 'linkify-it';
import { hasInvisible, isInvisible } from '../normalize/fold-table.ts';
import type { Finding, Span } from '../types.ts';
import { isNewAuthor } from './author-trust.ts';
import { canonicalHost } from './hosts.ts';
import type { RuleInput } from './rule.ts';

/** Stateless after construction: safe to share between calls and policies. */
const linkify = new LinkifyIt();

interface Link {
  span: Span;
  host: string;
}

/**
 * Links: too many, to a denied domain, outside the allow list, or from a new author. Links are
 * found after removing invisible characters and folding fullwidth forms, so "example\u200b.com"
 * and "ｅｘａｍｐｌｅ．ｃｏｍ" count as the links a reader would follow.
 */
export function linksRule({ input, compiled, context }: RuleInput): Finding[] {
  const { links: policy } = compiled.policy;
  if (!policy.enabled) return [];
  const links = findLinks(input.body);
  if (links.length === 0) return [];
  const findings: Finding[] = [];

  const denied = links.filter((link) => compiled.denyDomains.some((d) => inDomain(link.host, d)));
  if (denied.length > 0) {
    findings.push({
      rule: 'links',
      code: 'link-denied-domain',
      params: { domains: unique(denied.map((l) => l.host)).join(', ') },
      action: 'reject',
      reason: `Links to a denied domain: ${unique(denied.map((l) => l.host)).join(', ')}.`,
      spans: denied.map((l) => l.span),
      check: 'denied-domain',
      domains: unique(denied.map((l) => l.host)),
    });
  }
  if (compiled.allowDomains.length > 0) {
    const outside = links.filter(
      (link) =>
        !denied.includes(link) && !compiled.allowDomains.some((d) => inDomain(link.host, d)),
    );
    if (outside.length > 0) {
      findings.push({
        rule: 'links',
        code: 'link-not-allowed-domain',
        params: { domains: unique(outside.map((l) => l.host)).join(', ') },
        action: policy.action,
        reason: `Links to a domain that is not on the allow list: ${unique(outside.map((l) => l.host)).join(', ')}.`,
        spans: outside.map((l) => l.span),
        check: 'not-allowed-domain',
        domains: unique(outside.map((l) => l.host)),
      });
    }
  }
  if (links.length > policy.maxLinks) {
    findings.push({
      rule: 'links',
      code: 'too-many-links',
      params: { count: links.length, limit: policy.maxLinks, outcome: policy.action },
      action: policy.action,
      reason: `The comment has ${links.length} links; more than ${policy.maxLinks} is ${verb(policy.action)}.`,
      spans: links.map((l) => l.span),
      check: 'too-many',
      count: links.length,
      limit: policy.maxLinks,
    });
  }
  if (policy.holdFromNewAuthors && isNewAuthor(context, compiled.policy)) {
    findings.push({
      rule: 'links',
      code: 'link-new-author',
      params: { count: links.length },
      action: 'hold',
      reason: 'A new author posted a link; links from new authors are reviewed first.',
      spans: links.map((l) => l.span),
      check: 'new-author',
      count: links.length,
    });
  }
  return findings;
}

function verb(action: 'hold' | 'reject'): string {
  return action === 'hold' ? 'held for review' : 'rejected';
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** `host` is `domain` or one of its subdomains. */
function inDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** Fullwidth and ideographic forms that disguise a link ("ｅｘａｍｐｌｅ．ｃｏｍ"); invisible characters do too. */
const FULLWIDTH = /[\u3002\uff00-\uffef]/u;
/** Nothing that could start or join a link: no dot, colon or @ of any width. */
const LINKISH = /[.:@\u3002\uff0e\uff1a\uff20]/u;

/**
 * Top-level domains a spelled-out link may end with ("example dot com"): the common generic
 * ones and the country codes of the region. A closed list, so "a point of view" is no link.
 */
const SPELLED_TLDS =
  'com|net|org|info|biz|io|co|me|tv|xyz|online|site|top|app|ru|uk|fr|de|sa|ae|eg|ma|dz|tn|qa|kw|jo|lb|iq|sy|ly|om|bh|ps|ye|sd|tr|ir';
/** The same domains written in Arabic letters ("كوم"), as readers spell them. */
const ARABIC_TLDS: Record<string, string> = {
  كوم: 'com',
  نت: 'net',
  اورج: 'org',
  أورج: 'org',
  اورغ: 'org',
  أورغ: 'org',
};
/**
 * A link spelled out to slip past link detection: a name, then "dot" (bare, or in brackets,
 * parentheses or braces), "نقطة" or "دوت", or a dot with spaces around it, then a top-level
 * domain in Latin or Arabic letters: "example dot com", "example [dot] com", "example (.) com",
 * "example نقطة كوم", "موقعنا دوت نت". The name before the last dot is the host's name
 * ("www dot example dot com" is example.com).
 */
const SPELLED_LINK = new RegExp(
  String.raw`(?<![\p{L}\p{N}.-])([\p{L}\p{N}][\p{L}\p{N}-]{0,62})` +
    String.raw`(?:\s*[\[({]\s*(?:dot|\.|نقطة|نقطه)\s*[\])}]\s*|\s+(dot|نقطة|نقطه|دوت|\.)\s+)` +
    String.raw`(${SPELLED_TLDS}|${Object.keys(ARABIC_TLDS).join('|')})(?![\p{L}\p{N}])`,
  'giu',
);
const SPELLED_HINT = /dot|نقط|دوت|[[({]\s*\.\s*[\])}]|\s\.\s/iu;
/** Words that are never the name of a site ("the dot com bubble"). */
const NOT_A_NAME = new Set(
  'the a an this that my our your his her its their le la les un une des du de'.split(' '),
);

/** Links spelled out in words ("example dot com"), with the host a reader would type. */
function findSpelledLinks(body: string): Link[] {
  if (!SPELLED_HINT.test(body)) return [];
  const links: Link[] = [];
  for (const match of body.matchAll(SPELLED_LINK)) {
    const [text, name, separator, written] = match as unknown as [
      string,
      string,
      string | undefined,
      string,
    ];
    if (NOT_A_NAME.has(name.toLowerCase())) continue;
    // "end of a sentence . Com…": a bare dot between spaces only with the domain in lower case.
    if (separator === '.' && written !== written.toLowerCase()) continue;
    const tld = ARABIC_TLDS[written] ?? written.toLowerCase();
    const start = match.index;
    const end = start + text.length;
    links.push({
      span: { start, end, text: body.slice(start, end) },
      host: canonicalHost(`${name}.${tld}`),
    });
  }
  return links;
}

function findLinks(body: string): Link[] {
  const spelled = findSpelledLinks(body);
  const written = findWrittenLinks(body);
  if (spelled.length === 0) return written;
  // A written link inside a spelled one ("example (.) com" has none) is counted once.
  const all = [
    ...written,
    ...spelled.filter(
      (s) => !written.some((w) => w.span.start < s.span.end && s.span.start < w.span.end),
    ),
  ];
  return all.sort((a, b) => a.span.start - b.span.start);
}

function findWrittenLinks(body: string): Link[] {
  if (!LINKISH.test(body)) return [];
  let clean = body;
  let origin: number[] | undefined;
  if (FULLWIDTH.test(body) || hasInvisible(body)) {
    // A copy without invisible characters, fullwidth folded, remembering where each unit came from.
    clean = '';
    origin = [];
    for (let i = 0; i < body.length;) {
      const cp = body.codePointAt(i)!;
      const width = cp > 0xffff ? 2 : 1;
      if (!isInvisible(cp)) {
        const folded =
          cp < 0x80 ? String.fromCharCode(cp) : String.fromCodePoint(cp).normalize('NFKC');
        for (let k = 0; k < folded.length; k++) origin.push(i);
        clean += folded;
      }
      i += width;
    }
    origin.push(body.length);
  }
  if (!linkify.pretest(clean)) return [];
  const matches = linkify.match(clean) ?? [];
  return matches.map((match) => {
    const start = origin ? origin[match.index]! : match.index;
    const end = origin
      ? match.lastIndex < origin.length - 1
        ? origin[match.lastIndex]!
        : body.length
      : match.lastIndex;
    const span = { start, end, text: body.slice(start, end) };
    const host =
      match.schema === 'mailto:' ? match.url.slice(match.url.indexOf('@') + 1) : hostOf(match.url);
    return { span, host: canonicalHost(host) };
  });
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}
