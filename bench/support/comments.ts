/**
 * Comments the bench posts: ordinary, polite Arabic news comments that the shipped policy
 * publishes. Every one is different (a serial number, so the repeat-post rule never fires; words
 * in an order of its own, so the near-duplicate rule never fires) and they come from 10,000
 * readers, so author histories stay short, as on a real site.
 */
const SENTENCES = [
  'تحليل ممتاز للأحداث، شكراً للكاتب على هذا المقال المفصل.',
  'أتمنى أن تستمر الصحيفة في نشر مثل هذه التقارير الدقيقة عن حياة الناس في المدن الصغيرة.',
  'قرأت المقال مرتين، والأرقام التي ذكرها الكاتب تستحق نقاشاً جاداً في البرلمان.',
  'الإعمار لا يعني بناء الجدران فقط، بل إعادة المدارس والمستشفيات والكهرباء.',
  'شكراً للفريق الذي زار القرى الشمالية ونقل شهادات الأهالي بأمانة.',
  'نحتاج إلى خطط واضحة للطوارئ قبل الشتاء القادم، وهذا المقال يشرح السبب بهدوء.',
  'مقال مفيد جداً عن الاقتصاد المحلي، وأتمنى أن تكتبوا عن أسعار الخبز أيضاً.',
  'من حق القراء أن يعرفوا مصادر هذه المعلومات، وقد ذكرها الكاتب بوضوح.',
];

let serial = 0;

/**
 * Syllables of the made-up words (like names and places) that make each comment's tail its own:
 * a consonant and a long vowel, from consonants that spell none of the policy's words.
 */
const SYLLABLES = [...'بتثجحدذرشصضظفقلمنه'].flatMap((c) => [`${c}ا`, `${c}و`, `${c}ي`]);

/** A small deterministic generator (mulberry32), so every run posts the same comments. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface BenchComment {
  body: string;
  author: { name: string };
}

/**
 * A new comment a moderator would publish; no two bodies are alike within one bench run, and no
 * two are near-duplicates (the coordinated-posting rule would hold them): one of the sentences,
 * then twenty of their words in an order of its own.
 */
const TAIL_WORDS = 30;

export function approvableComment(): BenchComment {
  const n = serial++;
  const next = random(n + 1);
  const word = () =>
    Array.from(
      { length: 2 + Math.floor(next() * 2) },
      () => SYLLABLES[Math.floor(next() * SYLLABLES.length)],
    ).join('');
  const tail = Array.from({ length: TAIL_WORDS }, word);
  const body = `${SENTENCES[n % SENTENCES.length]} ${tail.join(' ')} (${n})`;
  return { body, author: { name: `قارئ ${n % 10_000}` } };
}

/** The request body of `POST …/comments` for a fresh approvable comment. */
export const approvableCommentJson = (): string => JSON.stringify(approvableComment());
