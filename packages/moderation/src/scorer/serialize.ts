import { z } from 'zod';
import { MAX_CHAR_GRAM, type FeatureSettings } from './features.ts';
import type { Calibration, ScorerModel } from './model.ts';
import { stableHash } from './split.ts';

/** The format of model files; raised when the layout (not the weights) changes. */
export const MODEL_FORMAT = 'cm-scorer/1';

/** Weights stored in 8 bits: code × scale. */
export interface Quantized {
  scale: number;
  codes: Int8Array;
}

/** Rounds weights to 255 levels spread over [−max|w|, max|w|]. */
export function quantize(weights: Float32Array): Quantized {
  let max = 0;
  for (let i = 0; i < weights.length; i++) max = Math.max(max, Math.abs(weights[i]!));
  const scale = max === 0 ? 1 : max / 127;
  const codes = new Int8Array(weights.length);
  for (let i = 0; i < weights.length; i++) codes[i] = Math.round(weights[i]! / scale);
  return { scale, codes };
}

/** A model's identity: its name and a hash of everything that changes its scores. */
export function modelVersion(
  name: string,
  features: FeatureSettings,
  quantized: Quantized,
  bias: number,
  calibration: Calibration,
): string {
  const { codes, scale } = quantized;
  let h = stableHash(JSON.stringify([features, bias, calibration, scale]));
  // Fold the codes in four bytes at a time.
  const words = new Int32Array(codes.buffer, codes.byteOffset, codes.length >> 2);
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 0x01000193) >>> 0;
  return `${name}-${stableHash(String(h)).toString(16).padStart(8, '0')}`;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) BASE64_INDEX[BASE64.charCodeAt(i)] = i;

function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    out += BASE64[a >> 2]! + BASE64[((a & 3) << 4) | (b >> 4)]!;
    out += i + 1 < bytes.length ? BASE64[((b & 15) << 2) | (c >> 6)]! : '=';
    out += i + 2 < bytes.length ? BASE64[c & 63]! : '=';
  }
  return out;
}

function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let buffer = 0;
  let n = 0;
  for (let i = 0; i < clean.length; i++) {
    const value = BASE64_INDEX[clean.charCodeAt(i)] ?? -1;
    if (value < 0) throw new Error(`weights: not base64 at character ${i}`);
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[n++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes;
}

/**
 * The non-zero codes as (gap, code) pairs: the gap to the previous non-zero bucket as a
 * variable-length integer (7 bits a byte), then the code as one byte.
 */
function packSparse(codes: Int8Array): Uint8Array {
  const out: number[] = [];
  let previous = -1;
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] === 0) continue;
    let gap = i - previous - 1;
    previous = i;
    while (gap >= 0x80) {
      out.push((gap & 0x7f) | 0x80);
      gap >>>= 7;
    }
    out.push(gap, codes[i]! & 0xff);
  }
  return Uint8Array.from(out);
}

function unpackSparse(bytes: Uint8Array, size: number): Int8Array {
  const codes = new Int8Array(size);
  let position = -1;
  for (let i = 0; i < bytes.length;) {
    let gap = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[i++];
      if (byte === undefined) throw new Error('weights: truncated');
      gap |= (byte & 0x7f) << shift;
      if (byte < 0x80) break;
      shift += 7;
    }
    position += gap + 1;
    const code = bytes[i++];
    if (code === undefined || position >= size)
      throw new Error('weights: truncated or out of range');
    codes[position] = (code << 24) >> 24;
  }
  return codes;
}

/** One line of a model's evaluation (overall or one language), as model files and the service store it. */
export const qualityRowSchema = z.object({
  n: z.number(),
  abusive: z.number(),
  clean: z.number(),
  abusiveHeld: z.number(),
  cleanHeld: z.number(),
  rocAuc: z.number(),
});
const evaluation = z.object({
  threshold: z.number(),
  overall: qualityRowSchema,
  perLanguage: z.record(z.string(), qualityRowSchema),
});

/** The JSON form of a model file. */
export const modelFileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.string().min(1),
  features: z.strictObject({
    hashBits: z.int().min(10).max(24),
    charMin: z.int().min(1).max(MAX_CHAR_GRAM),
    charMax: z.int().min(1).max(MAX_CHAR_GRAM),
    wordMax: z.int().min(0).max(2),
    symbols: z.boolean(),
  }),
  bias: z.number(),
  calibration: z.object({
    offset: z.number(),
    slope: z.number().positive(),
    scripts: z.strictObject({
      arabic: z.number().optional(),
      latin: z.number().optional(),
      other: z.number().optional(),
    }),
  }),
  /** Weight of a bucket = its code × scale. */
  scale: z.number().positive(),
  /** Base64 of the non-zero codes as (varint gap, int8 code) pairs. */
  weights: z.string(),
  training: z.looseObject({ examples: z.number(), validation: evaluation }),
  evaluation: evaluation.optional(),
});
export type ModelFile = z.output<typeof modelFileSchema>;

/** The model as a JSON-ready object (8-bit weights, sparse, base64). */
export function serializeModel(model: ScorerModel): ModelFile {
  return {
    format: MODEL_FORMAT,
    version: model.version,
    features: model.features,
    bias: model.bias,
    calibration: model.calibration,
    scale: model.scale,
    weights: toBase64(packSparse(model.codes)),
    training: { ...model.training },
    ...(model.evaluation ? { evaluation: model.evaluation } : {}),
  };
}

/**
 * Reads a model from its JSON form (a parsed model file, or the row the service stored).
 * Throws an Error naming what is wrong; a model that loads scores exactly as when it was saved.
 */
export function parseModel(input: unknown): ScorerModel {
  const result = modelFileSchema.safeParse(input);
  if (!result.success)
    throw new Error(`Invalid scorer model:\n${z.prettifyError(result.error)}`, {
      cause: result.error,
    });
  const file = result.data;
  if (file.features.charMin > file.features.charMax)
    throw new Error('Invalid scorer model: charMin > charMax');
  const size = 2 ** file.features.hashBits;
  const codes = unpackSparse(fromBase64(file.weights), size);
  return {
    version: file.version,
    features: file.features,
    codes,
    scale: file.scale,
    bias: file.bias,
    calibration: file.calibration,
    training: file.training as unknown as ScorerModel['training'],
    ...(file.evaluation ? { evaluation: file.evaluation } : {}),
  };
}
