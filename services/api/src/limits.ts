/** Largest request body the API parses; larger ones get a 413. */
export const JSON_BODY_LIMIT = '64kb';
