import { codePointLength } from '@cm/moderation/text-facts.js';
import { z } from 'zod';

export { codePointLength };

// C0 controls other than tab, line feed and carriage return, plus DEL. NUL in particular cannot
// be stored in Postgres text, so it must never get past the API.
const FORBIDDEN_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * A string of human text: well-formed Unicode (no lone surrogates), no control characters
 * except tab and newlines, between `min` and `max` code points, and not only white space.
 * Bidi controls, zero-width characters and combining marks are allowed: they are ordinary
 * input in Arabic and other scripts, and the moderation engine folds them for matching.
 */
export const humanText = (field: string, min: number, max: number) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined ? `${field} is required` : `${field} must be a string`,
    })
    .refine((s) => s.isWellFormed(), {
      message: `${field} contains invalid Unicode (an unpaired surrogate)`,
      abort: true,
    })
    .refine((s) => !FORBIDDEN_CONTROLS.test(s), {
      message: `${field} contains control characters`,
      abort: true,
    })
    .refine((s) => s.trim().length >= Math.min(min, 1) || min === 0, {
      message: `${field} must not be empty`,
      abort: true,
    })
    .refine((s) => codePointLength(s) >= min, {
      message: `${field} must be at least ${min} characters`,
    })
    .refine((s) => codePointLength(s) <= max, {
      message: `${field} must be at most ${max} characters`,
    });
