// How an article's text is stored and shown: paragraphs separated by blank lines. The seed
// article is a copy of a real page, whose "share" and "comment" buttons came along as lone
// paragraphs; the seed drops them and the article page never shows them.

/** Labels of the source page's own buttons, which copied article text carries as lone paragraphs. */
const PAGE_BUTTON_LABELS = new Set(['شارك', 'تعليق', 'share', 'comment']);

/** Splits article text into trimmed, non-empty paragraphs (blocks separated by blank lines). */
export function splitParagraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0);
}

/** True for a paragraph that is only a button label of the page the text was copied from. */
export function isPageButtonLabel(paragraph: string): boolean {
  return PAGE_BUTTON_LABELS.has(paragraph.replace(/\s+/g, ' ').trim().toLowerCase());
}
