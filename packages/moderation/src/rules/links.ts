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

function findLinks(body: string): Link[] {
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
