/**
 * Comments the bench posts: ordinary, polite Arabic news comments that the shipped policy
 * publishes. Every one is different (a serial number, so the repeat-post rule never fires) and
 * they come from 10,000 readers, so author histories stay short, as on a real site.
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

export interface BenchComment {
  body: string;
  author: { name: string };
}

/** A new comment a moderator would publish; no two bodies are alike within one bench run. */
export function approvableComment(): BenchComment {
  const n = serial++;
  const k = SENTENCES.length;
  const body = `${SENTENCES[n % k]} ${SENTENCES[(n * 3 + 1) % k]} ${SENTENCES[(n * 5 + 2) % k]} (${n})`;
  return { body, author: { name: `قارئ ${n % 10_000}` } };
}

/** The request body of `POST …/comments` for a fresh approvable comment. */
export const approvableCommentJson = (): string => JSON.stringify(approvableComment());
