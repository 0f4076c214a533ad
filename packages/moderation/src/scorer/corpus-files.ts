/**
 * Reads the corpora the shipped scorer is trained and evaluated on. This file does I/O; the
 * engine never imports it (only the training script, the benchmark and the tests do).
 *
 * - `corpus/meaning/*.jsonl`: the meaning corpus, abusive comments without any listed word
 *   and hard clean ones, `{ id, lang, dialect, label: abusive|clean, category, body }`.
 * - `corpus/meaning/train/*.jsonl`: more meaning comments, same shape, that always train: they
 *   were written after the evaluation split was fixed, so none of them may move numbers on it.
 * - `corpus/comments.jsonl`: the labelled corpus of the word rules (clean comments and traps,
 *   abusive comments with a listed word, and their disguised evasions).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { CorpusEntry } from '../corpus/build-corpus.ts';
import { DEFAULT_MODEL_FILE } from '../default-files.ts';
import { isEvaluation } from './split.ts';
import type { TrainingExample } from './train.ts';

export const CORPUS_DIR = fileURLToPath(new URL('../../corpus/', import.meta.url));
export const MEANING_DIR = join(CORPUS_DIR, 'meaning');
/** Sub-directory of a meaning corpus whose files are always in the training split. */
export const TRAIN_ONLY_SUBDIR = 'train';
export const MODEL_FILE = DEFAULT_MODEL_FILE;

export const meaningLineSchema = z.strictObject({
  id: z.string().min(1),
  lang: z.enum(['ar', 'en', 'fr']),
  dialect: z.enum(['msa', 'levantine', 'egyptian', 'gulf', 'maghrebi']).nullable(),
  label: z.enum(['abusive', 'clean']),
  category: z.string().min(1),
  body: z.string().trim().min(1),
});
export type MeaningLine = z.output<typeof meaningLineSchema>;

/** One example of the scorer corpus, with where it came from. */
export interface ScorerExample extends TrainingExample {
  id: string;
  source: 'meaning' | 'labelled';
  /** Arabic dialect of a meaning comment (null outside Arabic). */
  dialect: string | null;
  /** Meaning comments: the kind of abuse or of hard clean case; labelled: clean, abusive, evasion. */
  category: string;
  split: 'train' | 'eval';
  /** From `meaning/train/`: trains whatever its id hashes to. */
  trainOnly: boolean;
}

/** One parsed line of a meaning corpus file. */
export interface MeaningRow {
  /** Path relative to the corpus directory (`ar-msa-levantine.jsonl`, `train/ar-gulf.jsonl`). */
  file: string;
  line: number;
  entry: MeaningLine;
  /** The file is in `train/`: the line always trains, never evaluates. */
  trainOnly: boolean;
}

function jsonlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
}

/**
 * Every line of the meaning corpus files in `dir` and in `dir/train/`, parsed; throws naming the
 * file and line.
 */
export function readMeaningCorpus(dir: string = MEANING_DIR): MeaningRow[] {
  const out: MeaningRow[] = [];
  const files = [
    ...jsonlFiles(dir).map((f) => ({ file: f, trainOnly: false })),
    ...jsonlFiles(join(dir, TRAIN_ONLY_SUBDIR)).map((f) => ({
      file: `${TRAIN_ONLY_SUBDIR}/${f}`,
      trainOnly: true,
    })),
  ];
  for (const { file, trainOnly } of files) {
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .forEach((text, index) => {
        if (text.trim() === '') return;
        const parsed = meaningLineSchema.safeParse(JSON.parse(text));
        if (!parsed.success)
          throw new Error(`${file}:${index + 1}: ${z.prettifyError(parsed.error)}`);
        out.push({ file, line: index + 1, entry: parsed.data, trainOnly });
      });
  }
  return out;
}

/** The labelled corpus of the word rules. */
export function readLabelledCorpus(
  file: string = join(CORPUS_DIR, 'comments.jsonl'),
): CorpusEntry[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as CorpusEntry);
}

/**
 * The scorer corpus: every meaning comment, and from the labelled corpus the clean comments,
 * the abusive ones as written and the evasions typed by hand (the generated evasions repeat the
 * same 65 sentences a dozen times each and would outweigh everything else). Each example knows
 * its split: meaning comments and labelled clean ones by a hash of the id (`isEvaluation`),
 * except the meaning comments of `meaning/train/`, which always train; the
 * labelled abusive comments and evasions all train (their typed evasions rewrite the same
 * sentences, and the word rules catch them anyway).
 */
export function scorerCorpus(
  options: { meaningDir?: string; labelledFile?: string } = {},
): ScorerExample[] {
  const examples: ScorerExample[] = [];
  for (const { entry, trainOnly } of readMeaningCorpus(options.meaningDir)) {
    examples.push({
      id: entry.id,
      text: entry.body,
      label: entry.label,
      lang: entry.lang,
      source: 'meaning',
      dialect: entry.dialect,
      category: entry.category,
      split: !trainOnly && isEvaluation(entry.id) ? 'eval' : 'train',
      trainOnly,
    });
  }
  for (const entry of readLabelledCorpus(options.labelledFile)) {
    if (entry.label === 'evasion' && !entry.typed) continue;
    examples.push({
      id: entry.id,
      text: entry.body,
      label: entry.label === 'clean' ? 'clean' : 'abusive',
      lang: entry.lang,
      source: 'labelled',
      dialect: null,
      category: entry.label,
      split: entry.label === 'clean' && isEvaluation(entry.id) ? 'eval' : 'train',
      trainOnly: false,
    });
  }
  return examples;
}
