import type { CommentJob } from '@cm/contracts';
import { primarySubtag, type ExternalScore, type Policy } from '@cm/moderation';
import CircuitBreaker from 'opossum';
import { z } from 'zod';

/** The policy's `externalScorer` block (url, timeout, languages, thresholds). */
export type ExternalScorerSettings = NonNullable<Policy['externalScorer']>;

/** What the worker POSTs to the scorer (the contract is in the README, "External scorer"). */
export interface ExternalScorerRequest {
  /** The comment id. */
  id: string;
  articleId: string;
  /** The comment as the reader wrote it. */
  text: string;
  /** The article's language (BCP 47), when known. */
  language?: string;
  author?: { name: string };
}

/** Reasons are shown to moderators as sent: a few short ones, not an essay. */
const MAX_REASONS = 5;
const MAX_REASON_LENGTH = 200;
/** A scorer's answer is a few hundred bytes; anything far larger is not following the contract. */
const MAX_ANSWER_BYTES = 64 * 1024;

const answerSchema = z
  .object({
    score: z.number().min(0).max(1).optional(),
    decision: z.enum(['approve', 'hold', 'reject']).optional(),
    reasons: z.array(z.string()).optional(),
  })
  .refine((a) => a.score !== undefined || a.decision !== undefined, {
    message: 'an answer needs a "score" or a "decision"',
  });

/** The scorer answered, but not usefully (a status, not JSON, outside the contract). */
class ScorerFailure extends Error {}

/** How the circuit breaker judges the scorer; from the worker's environment. */
export interface BreakerSettings {
  /** How long the circuit stays open before one trial call is let through. */
  resetMs: number;
  /** Share of failed calls (%) in the rolling window above which the circuit opens. */
  errorThresholdPercentage: number;
  /** Calls in the window before the share is judged at all. */
  volumeThreshold: number;
  /** Length of the rolling window the share is counted over. */
  windowMs: number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';
export type ScorerCallOutcome = 'answered' | 'timeout' | 'error' | 'circuit-open';

export interface ExternalScorerOptions {
  breaker: BreakerSettings;
  /** The article's language, for the request and the policy's `languages` filter. */
  articleLanguage: (articleId: string) => Promise<string | null>;
  /** Called once per comment asked about: outcome, and seconds spent waiting (0 when open). */
  observe?: (outcome: ScorerCallOutcome, seconds: number) => void;
  onStateChange?: (state: CircuitState, url: string) => void;
}

type Breaker = CircuitBreaker<[ExternalScorerRequest], ExternalScore>;

/**
 * The worker's client of the policy's external scorer: one HTTP POST per comment, cut off at the
 * policy's `timeoutMs`, behind an opossum circuit breaker so a failing scorer is left alone for
 * a while (`resetMs`) instead of costing every comment its timeout. It never throws: a scorer
 * that times out, fails or is switched off by the breaker comes back as `skipped` with the why,
 * and the engine decides with the other rules. The breaker is this process's own view of the
 * scorer's health; it is rebuilt when the active policy names another URL or timeout.
 */
export class ExternalScorerClient {
  private current: { key: string; url: string; breaker: Breaker } | null = null;
  private readonly languages = new Map<string, { language: string | null; until: number }>();

  constructor(private readonly options: ExternalScorerOptions) {}

  /** Asks the policy's scorer about the comment; undefined when the policy does not ask. */
  async ask(policy: Policy, job: CommentJob): Promise<ExternalScore | undefined> {
    const settings = policy.externalScorer;
    if (!settings) return undefined;
    const language = await this.languageOf(job.articleId);
    if (
      settings.languages !== undefined &&
      !settings.languages.some(
        (l) => language !== null && primarySubtag(l) === primarySubtag(language),
      )
    )
      return undefined;
    const breaker = this.breakerFor(settings);
    const started = performance.now();
    const observe = (outcome: ScorerCallOutcome) =>
      this.options.observe?.(outcome, (performance.now() - started) / 1000);
    try {
      const answer = await breaker.fire({
        id: job.commentId,
        articleId: job.articleId,
        text: job.body,
        ...(language !== null && { language }),
        author: { name: job.author.name },
      });
      observe('answered');
      return answer;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'EOPENBREAKER') {
        observe('circuit-open');
        return { status: 'skipped', why: 'circuit-open' };
      }
      if (code === 'ETIMEDOUT') {
        observe('timeout');
        return { status: 'skipped', why: 'timeout' };
      }
      observe('error');
      return { status: 'skipped', why: 'error', detail: describe(error) };
    }
  }

  /** The breaker's state for the active scorer; null when no policy has named one yet. */
  state(): CircuitState | null {
    const breaker = this.current?.breaker;
    if (!breaker) return null;
    return breaker.opened ? 'open' : breaker.halfOpen ? 'half-open' : 'closed';
  }

  /** Stops the breaker's window timers. */
  shutdown(): void {
    this.current?.breaker.shutdown();
    this.current = null;
  }

  private breakerFor(settings: ExternalScorerSettings): Breaker {
    const key = `${settings.timeoutMs} ${settings.url}`;
    if (this.current?.key === key) return this.current.breaker;
    this.current?.breaker.shutdown();
    const { breaker: b } = this.options;
    const breaker: Breaker = new CircuitBreaker((request) => post(settings, request), {
      timeout: settings.timeoutMs,
      resetTimeout: b.resetMs,
      errorThresholdPercentage: b.errorThresholdPercentage,
      volumeThreshold: b.volumeThreshold,
      rollingCountTimeout: b.windowMs,
      name: 'external-scorer',
    });
    const url = settings.url;
    breaker.on('open', () => this.options.onStateChange?.('open', url));
    breaker.on('halfOpen', () => this.options.onStateChange?.('half-open', url));
    breaker.on('close', () => this.options.onStateChange?.('closed', url));
    this.current = { key, url, breaker };
    return breaker;
  }

  /** Article languages change rarely: each is read at most once a minute per process. */
  private async languageOf(articleId: string): Promise<string | null> {
    const cached = this.languages.get(articleId);
    const now = Date.now();
    if (cached && cached.until > now) return cached.language;
    const language = await this.options.articleLanguage(articleId);
    if (this.languages.size > 10_000) this.languages.clear();
    this.languages.set(articleId, { language, until: now + 60_000 });
    return language;
  }
}

/** One call: POST the comment, read a small JSON answer that follows the contract. */
async function post(
  settings: ExternalScorerSettings,
  request: ExternalScorerRequest,
): Promise<ExternalScore> {
  const response = await fetch(settings.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(request),
    // The breaker stops waiting at the timeout; this closes the connection too.
    signal: AbortSignal.timeout(settings.timeoutMs + 50),
    // A redirect could lead anywhere (another scheme, an internal address): not followed.
    redirect: 'error',
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new ScorerFailure(`HTTP ${response.status}`);
  }
  const text = await response.text();
  if (text.length > MAX_ANSWER_BYTES) throw new ScorerFailure('answer too large');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ScorerFailure('answer is not JSON');
  }
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) throw new ScorerFailure('answer does not follow the contract');
  const { score, decision, reasons } = parsed.data;
  const kept = (reasons ?? [])
    .map((r) => r.trim().slice(0, MAX_REASON_LENGTH))
    .filter(Boolean)
    .slice(0, MAX_REASONS);
  return {
    status: 'answered',
    ...(score !== undefined && { score }),
    ...(decision && { decision }),
    ...(kept.length > 0 && { reasons: kept }),
  };
}

function describe(error: unknown): string {
  if (error instanceof ScorerFailure) return error.message;
  // fetch wraps the network cause (ECONNREFUSED, ENOTFOUND…) in a TypeError("fetch failed").
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.message.slice(0, 100) : 'unknown error';
}
