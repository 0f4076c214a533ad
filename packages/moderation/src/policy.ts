import { z } from 'zod';
import { MAX_COMMENT_LENGTH } from './text-facts.js';

/** The version of a policy nobody has edited yet. */
export const POLICY_VERSION = 1;

const action = (fallback: 'hold' | 'reject') =>
  z
    .enum(['hold', 'reject'])
    .default(fallback)
    .describe('What to do when the rule fires: "hold" or "reject".');

const termObject = z.strictObject({
  term: z
    .string()
    .trim()
    .min(1, 'a term must not be empty')
    .describe('The word or phrase, written naturally.'),
  suffixes: z
    .boolean()
    .optional()
    .describe('Also match the term followed by a common suffix (plural, feminine, possessive…).'),
  arabizi: z
    .array(z.string().trim().min(1))
    .optional()
    .describe('Extra spellings of the term in Latin letters and digits (e.g. "7mar" for حمار).'),
  note: z.string().optional().describe('Free text for moderators; ignored by the engine.'),
});

/** A term is either a plain string or an object with per-term options. */
export const termSchema = z.union(
  [z.string().trim().min(1, 'a term must not be empty'), termObject],
  {
    error: 'a term is a string, or an object like { "term": "…", "suffixes": true }',
  },
);
export type Term = z.output<typeof termSchema>;

const termList = (what: string) => z.array(termSchema).default([]).describe(what);

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(\*\.)?[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*$/u,
    'a domain looks like "example.com" or "*.example.com"',
  );

/** Only plain web addresses: a policy must not make workers open file:, data: or other schemes. */
const httpUrl = z
  .url({
    protocol: /^https?$/,
    error: 'an http:// or https:// URL, e.g. "https://scorer.example/score"',
  })
  .max(2_000, 'a URL is at most 2000 characters');

const externalScorerSchema = z
  .strictObject({
    url: httpUrl.describe(
      'Where the worker POSTs each comment (JSON; see the contract in the README).',
    ),
    timeoutMs: z
      .int()
      .min(50)
      .max(10_000)
      .default(800)
      .describe(
        'Longest wait for an answer, in ms; past it the comment is decided without the scorer.',
      ),
    languages: z
      .array(z.string().trim().toLowerCase().min(2).max(35))
      .optional()
      .describe(
        'Ask only about comments on articles in these languages ("ar", "en"; the primary subtag counts); omitted = every language.',
      ),
    holdAt: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe('A numeric "score" (0–1) at or over which the comment is held.'),
    rejectAt: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .default(null)
      .describe('A "score" at or over which it is rejected; null = a score never rejects.'),
    useDecision: z
      .boolean()
      .default(true)
      .describe(
        'Follow the scorer\'s own "decision" (approve, hold, reject) when it sends one; false = only its score counts.',
      ),
  })
  .refine((c) => c.rejectAt === null || c.rejectAt >= c.holdAt, {
    message: 'rejectAt must be null or at least holdAt',
    path: ['rejectAt'],
  });

export const policySchema = z.strictObject({
  version: z
    .int()
    .min(1)
    .default(POLICY_VERSION)
    .describe(
      'Revision of this policy, raised on every edit; stamped on each decision as policyVersion.',
    ),
  bannedWords: termList('Words and phrases that reject a comment.'),
  suspectWords: termList('Words and phrases that hold a comment for a moderator.'),
  allowWords: z
    .array(z.string().trim().min(1))
    .default([])
    .describe(
      'Words and phrases inside which no banned or suspect match counts ("Scunthorpe", "chili con carne").',
    ),
  matching: z
    .strictObject({
      clitics: z
        .boolean()
        .default(true)
        .describe('Match Arabic terms with attached و ف ب ك ل ال (and combinations).'),
      cliticMinLength: z
        .int()
        .min(1)
        .default(3)
        .describe(
          'Shortest term (in letters) that may carry a clitic; shorter terms only match as whole words.',
        ),
      shortTermClitics: z
        .array(z.string().min(1))
        .default(['و', 'ف', 'ل'])
        .describe(
          'Single clitics a term shorter than cliticMinLength (two letters) may carry: the word must be exactly clitic + term (لطز، فكس). A real word of that shape (وكس, loss) belongs in allowWords.',
        ),
      suffixes: z
        .boolean()
        .default(false)
        .describe('Default for terms that do not say: match with common suffixes.'),
      arabicSuffixes: z
        .array(z.string().min(1))
        .default([
          'ه',
          'ات',
          'ين',
          'ون',
          'ان',
          'ي',
          'يه',
          'ك',
          'ها',
          'هم',
          'هن',
          'كم',
          'كن',
          'نا',
          'وا',
          'تين',
          'اء',
        ])
        .describe(
          'Suffixes tried after an Arabic term that allows suffixes (compared after folding: ة is ه).',
        ),
      latinSuffixes: z
        .array(z.string().min(1))
        .default(['s', 'es', 'ed', 'er', 'ers', 'ing', 'y', 'e', 'x'])
        .describe('Suffixes tried after a Latin-script term that allows suffixes.'),
      spacedLetters: z
        .boolean()
        .default(true)
        .describe(
          'Catch a term written with spaces or punctuation between its letters ("k i l l", "ح.م.ا.ر").',
        ),
      leetspeak: z
        .boolean()
        .default(true)
        .describe('Read digits and symbols inside Latin words as letters (sh1t, @ss).'),
      arabizi: z
        .boolean()
        .default(true)
        .describe('Match Arabic terms written in Arabizi (7mar for حمار).'),
    })
    .prefault({})
    .describe('How words are matched.'),
  limits: z
    .strictObject({
      maxLength: z
        .int()
        .min(1)
        .default(MAX_COMMENT_LENGTH)
        .describe('Longest comment in characters (code points); longer is rejected.'),
      minLength: z
        .int()
        .min(1)
        .default(1)
        .describe('Shortest comment, not counting white space; shorter is rejected.'),
      maxLines: z
        .int()
        .min(1)
        .default(100)
        .describe('Most lines a comment may have before it is held.'),
    })
    .prefault({}),
  links: z
    .strictObject({
      enabled: z.boolean().default(true),
      maxLinks: z.int().min(0).default(2).describe('More links than this holds the comment.'),
      allowDomains: z
        .array(domain)
        .default([])
        .describe(
          'When not empty, links to any other domain hold the comment. "*.example.com" allows subdomains.',
        ),
      denyDomains: z
        .array(domain)
        .default([])
        .describe('Links to these domains (and their subdomains) reject the comment.'),
      holdFromNewAuthors: z
        .boolean()
        .default(true)
        .describe('Hold any comment with a link from a new author.'),
      action: action('hold').describe(
        'Action for too many links or a domain outside the allow list.',
      ),
    })
    .prefault({}),
  shouting: z
    .strictObject({
      enabled: z.boolean().default(true),
      minLetters: z
        .int()
        .min(1)
        .default(20)
        .describe('Only judge comments with at least this many cased letters.'),
      maxUppercaseRatio: z
        .number()
        .min(0)
        .max(1)
        .default(0.7)
        .describe('Share of capitals above which it is shouting.'),
      action: action('hold'),
    })
    .prefault({}),
  flood: z
    .strictObject({
      enabled: z.boolean().default(true),
      maxRepeatedChar: z
        .int()
        .min(2)
        .default(20)
        .describe('Longest run of one repeated character (letters, punctuation).'),
      maxEmoji: z.int().min(0).default(30).describe('Most emoji a comment may hold.'),
      maxEmojiRatio: z
        .number()
        .min(0)
        .max(1)
        .default(0.6)
        .describe('Share of emoji among visible characters (over 10).'),
      maxRepeatedWord: z
        .int()
        .min(2)
        .default(8)
        .describe('Most times one word may repeat in a row.'),
      action: action('hold'),
    })
    .prefault({}),
  repeat: z
    .strictObject({
      enabled: z.boolean().default(true),
      windowMinutes: z
        .number()
        .min(0)
        .default(60)
        .describe('How far back the author history is compared.'),
      maxDuplicates: z
        .int()
        .min(0)
        .default(0)
        .describe('Identical earlier comments tolerated in the window.'),
      action: action('hold'),
    })
    .prefault({}),
  authorTrust: z
    .strictObject({
      enabled: z.boolean().default(true),
      holdFirstComments: z
        .int()
        .min(0)
        .default(0)
        .describe('Hold comments of new authors until this many are approved.'),
      rejectBanned: z.boolean().default(true).describe('Reject every comment of a banned author.'),
      trustedSkipsHold: z
        .boolean()
        .default(true)
        .describe(
          'Trusted authors are not held for suspect words, links, shouting or floods (bans still reject).',
        ),
    })
    .prefault({}),
  autoPremoderation: z
    .strictObject({
      enabled: z
        .boolean()
        .default(true)
        .describe('Hold comments of authors whose recent comments were mostly rejected.'),
      windowDays: z
        .number()
        .positive()
        .default(30)
        .describe("How far back the author's decided comments are counted."),
      minDecided: z
        .int()
        .min(1)
        .default(5)
        .describe('Fewest decided comments in the window before the share is judged.'),
      rejectedShare: z
        .number()
        .min(0)
        .max(1)
        .default(0.5)
        .describe('Share of rejected comments at or over which the author is held.'),
    })
    .prefault({})
    .describe("Premoderate an author automatically from their recent comments' outcomes."),
  nearDuplicates: z
    .strictObject({
      enabled: z
        .boolean()
        .default(true)
        .describe('Hold a comment that several other authors posted almost word for word.'),
      windowMinutes: z
        .number()
        .positive()
        .default(60)
        .describe("How long a comment's fingerprint is kept for comparison."),
      threshold: z
        .int()
        .min(1)
        .default(3)
        .describe('Other authors with a near-duplicate in the window at or over which it holds.'),
      maxDistance: z
        .int()
        .min(0)
        .max(64)
        .default(10)
        .describe('Most differing bits of the 64-bit fingerprints for two comments to match.'),
      minLength: z
        .int()
        .min(1)
        .default(30)
        .describe(
          'Shortest comment (letters and digits) compared: short replies ("thank you") repeat by nature.',
        ),
    })
    .prefault({})
    .describe('Coordinated posting: the same text from many authors (see fingerprint).'),
  reports: z
    .strictObject({
      holdThreshold: z
        .int()
        .min(1)
        .default(3)
        .describe('Reader reports that send an approved comment back to review.'),
      rejectThreshold: z
        .int()
        .min(1)
        .nullable()
        .default(null)
        .describe('Reader reports that reject it; null = never.'),
    })
    .prefault({}),
  classifier: z
    .strictObject({
      enabled: z
        .boolean()
        .default(true)
        .describe('Run the learned scorer (when the engine was given a model).'),
      holdAt: z
        .number()
        .min(0)
        .max(1)
        .default(0.5)
        .describe(
          "Score at or over which a comment is held; 0.5 is the model's operating point, chosen on its validation folds.",
        ),
      rejectAt: z
        .number()
        .min(0)
        .max(1)
        .nullable()
        .default(null)
        .describe(
          'Score at or over which a comment is rejected; null = never (a guess only holds).',
        ),
    })
    .refine((c) => c.rejectAt === null || c.rejectAt >= c.holdAt, {
      message: 'rejectAt must be null or at least holdAt',
      path: ['rejectAt'],
    })
    .prefault({})
    .describe('The learned scorer (see scorer/ in the package).'),
  externalScorer: externalScorerSchema
    .nullable()
    .default(null)
    .describe(
      'An HTTP scorer of the newsroom\'s own, asked about each comment (see the README, "External scorer"); null = none.',
    ),
});

/** A complete policy, every field filled in. */
export type Policy = z.output<typeof policySchema>;
/** What a moderator may write: every field optional. */
export type PolicyInput = z.input<typeof policySchema>;

/**
 * Validates a policy and fills in defaults. Throws an Error whose message lists each bad field
 * by its path, one per line, so a moderator editing the policy sees what to fix.
 */
export function parsePolicy(input: unknown): Policy {
  const result = policySchema.safeParse(input);
  if (result.success) return result.data;
  throw new Error(`Invalid moderation policy:\n${z.prettifyError(result.error)}`, {
    cause: result.error,
  });
}
