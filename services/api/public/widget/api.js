// The public v1 endpoints the widget uses. Every failure becomes an ApiError; callers turn it
// into words, never into raw JSON.
import { ApiError, fetchJson } from '../lib/http.js';

export { ApiError };

/**
 * @param {string} baseUrl origin (and optional path prefix) of the comments API
 */
export function createApi(baseUrl) {
  const base = baseUrl.replace(/\/+$/, '');

  /**
   * @param {string} path
   * @param {RequestInit} [init]
   */
  function request(path, init = {}) {
    return fetchJson(`${base}${path}`, {
      ...init,
      headers: { accept: 'application/json', ...init.headers },
      credentials: 'omit',
    });
  }

  const article = (/** @type {string} */ id) => `/api/v1/articles/${encodeURIComponent(id)}`;

  return {
    /** @param {string} articleId */
    getArticle: (articleId) => request(article(articleId)),

    /**
     * @param {string} articleId
     * @param {{ cursor?: string | null, limit?: number }} [page]
     */
    listComments(articleId, { cursor = null, limit = 20 } = {}) {
      const query = new URLSearchParams({ sort: 'newest', limit: String(limit) });
      if (cursor) query.set('cursor', cursor);
      return request(`${article(articleId)}/comments?${query}`);
    },

    /**
     * @param {string} articleId
     * @param {{ body: string, author: { name: string, email?: string }, parentId?: string }} comment
     * @param {string} idempotencyKey
     */
    postComment(articleId, comment, idempotencyKey) {
      return request(`${article(articleId)}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(comment),
      });
    },

    /**
     * @param {string} commentId
     * @param {{ reason: 'abuse' | 'spam' | 'off-topic' | 'other', note?: string }} report
     * @param {string | null} readerId this browser's random reader id, when storage allows one
     */
    reportComment(commentId, report, readerId) {
      /** @type {Record<string, string>} */
      const headers = { 'content-type': 'application/json' };
      if (readerId) headers['x-reader-id'] = readerId;
      return request(`/api/v1/comments/${encodeURIComponent(commentId)}/reports`, {
        method: 'POST',
        headers,
        body: JSON.stringify(report),
      });
    },

    /** @param {string} commentId */
    getStatus: (commentId) => request(`/api/v1/comments/${encodeURIComponent(commentId)}/status`),
  };
}

/**
 * Plain words for an API failure.
 * @param {unknown} error
 * @param {import('./i18n.js').Strings} t
 */
export function describeError(error, t) {
  if (!(error instanceof ApiError)) return t.errorServer;
  switch (error.status) {
    case 0:
      return t.errorNetwork;
    case 400:
    case 422:
      return t.errorInvalid;
    case 401:
      return t.errorSignIn;
    case 403: {
      // The author's standing, set by a moderator (problem types …/author-suspended, …/author-banned).
      const problem = /** @type {{ type?: string, until?: string } | null} */ (error.problem);
      if (problem?.type?.endsWith('/author-banned')) return t.errorBanned;
      if (problem?.type?.endsWith('/author-suspended'))
        return t.errorSuspended(problem.until ?? null);
      return t.errorServer;
    }
    case 404:
      return t.errorNotFound;
    case 409:
      return t.errorClosed;
    case 413:
      return t.errorTooLarge;
    case 429:
      return t.errorRateLimited(error.retryAfterSeconds);
    default:
      return t.errorServer;
  }
}
