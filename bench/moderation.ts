/**
 * Throughput of the moderation engine on one core: a ~300-character Arabic news comment
 * against term lists of 100, 10,000 and 100,000 words and phrases.
 *
 *   npm run bench:moderation            # prints one JSON document
 *   BENCH_QUICK=1 npm run bench:moderation   # one short round: checks it runs
 *
 * Memory: the heap and array buffers a compiled policy holds (parsed policy + trie + Arabizi
 * index), measured after full GCs (`--expose-gc`, set by the npm script) as the growth from
 * compiling a second copy of the policy beside the first (the term list already in memory).
 *
 * Term lists are synthetic but shaped like real ones: Arabic-looking words drawn with Arabic
 * letter frequencies (some with the article, some two-word phrases), and Latin words built from
 * syllables, mixed 70/30. The comments are real-looking sentences, so every word of a comment
 * walks the trie as far as a real list would let it.
 */
import {
  compilePolicy,
  moderate,
  parsePolicy,
  type ModerationContext,
  type ScorerModel,
} from '../packages/moderation/src/index.ts';
import { loadShippedModel, scorerReport } from './moderation-scorer.ts';

const SIZES = [100, 10_000, 100_000];
/** BENCH_QUICK=1: one short round, to check the benchmark runs (its numbers mean little). */
const QUICK = process.env.BENCH_QUICK === '1';
const RUNS = QUICK ? 1 : 9;
const RUN_MS = QUICK ? 100 : 500;

/** Deterministic PRNG (mulberry32): the same lists on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Approximate frequencies of Arabic letters in news text (per mille, rounded).
const ARABIC_FREQ: [string, number][] = [
  ['ا', 120],
  ['ل', 110],
  ['ي', 70],
  ['م', 65],
  ['و', 60],
  ['ن', 60],
  ['ر', 45],
  ['ت', 45],
  ['ب', 40],
  ['ع', 35],
  ['ه', 30],
  ['ة', 30],
  ['د', 28],
  ['س', 25],
  ['ف', 25],
  ['ق', 22],
  ['ك', 22],
  ['ح', 20],
  ['ج', 15],
  ['أ', 15],
  ['ش', 12],
  ['ص', 10],
  ['ط', 10],
  ['خ', 8],
  ['ض', 8],
  ['ز', 6],
  ['ث', 6],
  ['ذ', 6],
  ['غ', 5],
  ['ظ', 3],
  ['إ', 5],
  ['ى', 6],
  ['ئ', 3],
  ['ؤ', 2],
];
const LATIN_SYLLABLES =
  'ba be bi bo ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri ro sa se si so ta te ti to va ve vi zu ch sh th ck st tr pl gr'.split(
    ' ',
  );

function pickWeighted(random: () => number, table: [string, number][], total: number): string {
  let r = random() * total;
  for (const [letter, weight] of table) {
    r -= weight;
    if (r <= 0) return letter;
  }
  return table[0]![0];
}

function termList(size: number, seed: number): string[] {
  const random = rng(seed);
  const total = ARABIC_FREQ.reduce((sum, [, w]) => sum + w, 0);
  const arabicWord = () => {
    const length = 3 + Math.floor(random() * 4);
    let word = random() < 0.15 ? 'ال' : '';
    let previous = '';
    for (let i = 0; i < length; i++) {
      let letter = pickWeighted(random, ARABIC_FREQ, total);
      // Real words rarely double a letter (shadda is written as a mark, not twice).
      while (letter === previous) letter = pickWeighted(random, ARABIC_FREQ, total);
      word += letter;
      previous = letter;
    }
    return word;
  };
  const latinWord = () => {
    let word = '';
    const syllables = 2 + Math.floor(random() * 3);
    for (let i = 0; i < syllables; i++)
      word += LATIN_SYLLABLES[Math.floor(random() * LATIN_SYLLABLES.length)];
    return word;
  };
  const terms = new Set<string>();
  while (terms.size < size * 1.05 + 50) {
    const word = random() < 0.7 ? arabicWord() : latinWord();
    terms.add(random() < 0.08 ? `${word} ${random() < 0.7 ? arabicWord() : latinWord()}` : word);
  }
  // A real list bans abuse, not everyday words: random words that happen to be words of the
  // sample comments (بعد، حرب) are dropped, or every comment would be rejected.
  const candidates = [...terms];
  const probe = compilePolicy(
    parsePolicy({ bannedWords: candidates, matching: { suffixes: true } }),
  );
  const everyday = new Set(
    COMMENTS.flatMap((body) => moderate({ body }, probe, CONTEXT).findings.map((f) => f.term)),
  );
  return [
    ...ABUSE,
    ...candidates
      .filter((t) => !everyday.has(t) && !ABUSE.includes(t))
      .slice(0, size - ABUSE.length),
  ];
}

/** Real abuse, present in one of the four comments, so findings are built as in production. */
const ABUSE = ['حمار', 'كلب', 'idiot'];
const CONTEXT: ModerationContext = {
  now: new Date('2026-11-24T12:00:00Z'),
  authorTrust: 'regular',
  approvedCount: 5,
};

const COMMENTS = [
  'هذا المقال يطرح أسئلة مهمة حول مستقبل المدينة بعد سنوات الحرب، وأتمنى أن يستمع المسؤولون إلى أصوات السكان الذين عادوا إلى بيوتهم المدمرة. الإعمار لا يعني فقط بناء الجدران بل إعادة الثقة بين الناس، وتوفير المدارس والمستشفيات والكهرباء والماء. شكرا للكاتب على هذا التحقيق الدقيق والشجاع.',
  'قرأت التقرير بعناية، والأرقام التي ذكرها الصحفي تتفق مع ما نراه كل يوم في الأسواق: الأسعار ترتفع والرواتب ثابتة منذ ثلاث سنوات. أتمنى من الحكومة أن تشرح خطتها بوضوح بدلا من الوعود، وأن تنشر الميزانية كاملة حتى يعرف المواطن أين تذهب أموال الضرائب. مقال ممتاز ويستحق النقاش الجاد.',
  'يا حمار انت لا تفهم شيئا في السياسة، اقرأ المقال مرة ثانية قبل أن تكتب تعليقك الغبي. الكاتب شرح كل شيء بالأرقام والتواريخ والمصادر، وأنت تكرر نفس الكلام الذي نسمعه في القنوات كل ليلة. من حق الناس أن يعرفوا الحقيقة كاملة، ومن واجب الصحافة أن تنشرها حتى لو أزعجت بعض المسؤولين.',
  'للأسف التعليقات هنا تبتعد عن الموضوع. المقال يتحدث عن الفيضانات في القرى الشمالية وعن غياب خطط الطوارئ، وهذا أمر خطير يتكرر كل شتاء. نحتاج إلى قنوات تصريف حديثة وإلى نظام إنذار مبكر يصل إلى الهواتف، وإلى تدريب المتطوعين في كل حي. أشكر الفريق الذي زار المنطقة ونقل شهادات الأهالي بأمانة.',
];

interface Setup {
  terms: number;
  scorer: boolean;
  compileMs: number;
  memory: CompiledMemory | null;
  run: (count: number) => number;
}

function setUp(size: number, model: ScorerModel | null = null): Setup {
  const terms = termList(size, 42 + size);
  const half = Math.floor(terms.length / 2);
  const t0 = performance.now();
  const compiled = compilePolicy(
    parsePolicy({ bannedWords: terms.slice(0, half), suspectWords: terms.slice(half) }),
    { model },
  );
  const compileMs = Math.round(performance.now() - t0);
  const memory = measureCompiled(terms, half, model, compiled);
  const inputs = COMMENTS.map((body) => ({ body }));
  const run = (count: number) => {
    let sink = 0;
    for (let i = 0; i < count; i++)
      sink += moderate(inputs[i % inputs.length]!, compiled, CONTEXT).findings.length;
    return sink;
  };
  run(5000); // warm up the JIT and the folding tables
  return { terms: size, scorer: model !== null, compileMs, memory, run };
}

/**
 * What one more compiled copy of the same policy retains, measured once the first copy exists
 * (code compiled, caches warm), so only the policy's own data counts.
 */
function measureCompiled(
  terms: string[],
  half: number,
  model: ScorerModel | null,
  compiled: ReturnType<typeof compilePolicy>,
): CompiledMemory | null {
  const before = retainedBytes();
  const copy = compilePolicy(
    parsePolicy({ bannedWords: terms.slice(0, half), suspectWords: terms.slice(half) }),
    { model },
  );
  const after = retainedBytes();
  if (before === null || after === null || copy.termCount !== compiled.termCount) return null;
  return {
    retainedMB: mb(after - before),
    trieArraysMB: mb(typedArrayBytes(copy.trie)),
    trieNodes: copy.trie.nodeCount,
  };
}

interface CompiledMemory {
  /** Growth of heap + array buffers from parsing and compiling one more copy, after full GCs. */
  retainedMB: number;
  /** The trie's flat typed arrays alone. */
  trieArraysMB: number;
  trieNodes: number;
}

const mb = (bytes: number) => Math.round((bytes / 1e6) * 10) / 10;

/** Heap in use plus array buffers after a full GC, or null without --expose-gc. */
function retainedBytes(): number | null {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return null;
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

function typedArrayBytes(object: object): number {
  let bytes = 0;
  for (const value of Object.values(object))
    if (ArrayBuffer.isView(value)) bytes += value.byteLength;
  return bytes;
}

/** CPU time of this process in ms: what one core spent, whatever else the machine is doing. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const model = loadShippedModel();
// Without the learned scorer at every size, and with it (the shipped model) at 10,000 terms.
const setups = [...SIZES.map((size) => setUp(size)), setUp(10_000, model)];
const samples = new Map<Setup, number[]>(setups.map((setup) => [setup, []]));
// Rounds interleave the list sizes, so a busy moment on the machine hits all of them alike.
for (let round = 0; round < RUNS; round++) {
  for (const setup of setups) {
    let count = 0;
    const start = cpuMs();
    let elapsed = 0;
    while (elapsed < RUN_MS) {
      setup.run(250);
      count += 250;
      elapsed = cpuMs() - start;
    }
    samples.get(setup)!.push(Math.round((count / elapsed) * 1000));
  }
}
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const results = setups.map((setup) => ({
  terms: setup.terms,
  scorer: setup.scorer,
  commentsPerSecond: median(samples.get(setup)!),
  runs: samples.get(setup)!,
  compileMs: setup.compileMs,
  memory: setup.memory,
}));

const bySize = Object.fromEntries(
  results.filter((r) => !r.scorer).map((r) => [String(r.terms), r]),
);
const withScorer = results.find((r) => r.scorer)!;
// Rounds are paired (same moment, same load): the median of their ratios is the scorer's cost.
const withoutScorerRuns = samples.get(setups.find((s) => s.terms === 10_000 && !s.scorer)!)!;
const withScorerRatio = median(
  samples.get(setups.find((s) => s.scorer)!)!.map((on, k) => on / withoutScorerRuns[k]!),
);
const small = bySize['100']!.commentsPerSecond;
const large = bySize['100000']!.commentsPerSecond;
console.log(
  JSON.stringify(
    {
      benchmark:
        'moderation engine: comments per second of CPU time on one core, ~300-character Arabic comments',
      date: new Date().toISOString().slice(0, 10),
      node: process.version,
      commentLength: COMMENTS.map((c) => [...c].length),
      results,
      slowdown100kVs100: Math.round((small / large) * 100) / 100,
      compiledPolicyMemoryMB: Object.fromEntries(
        results.filter((r) => !r.scorer).map((r) => [String(r.terms), r.memory]),
      ),
      scorer: {
        commentsPerSecondAt10kWithScorer: withScorer.commentsPerSecond,
        pairedRatioWithScorerAt10k: Math.round(withScorerRatio * 1000) / 1000,
        ...scorerReport(model),
      },
      targets: {
        commentsPerSecondAt10k: 20_000,
        commentsPerSecondAt10kWithScorer: 20_000,
        maxSlowdown100kVs100: 1.5,
      },
    },
    null,
    2,
  ),
);
