// The moderation endpoints, with the moderator's bearer token. Failures become ApiError.
import { ApiError, fetchJson } from '../lib/http.js';

export { ApiError };

/**
 * @typedef {{ start: number, end: number, text: string }} Span
 * @typedef {{ rule: string, action: string, reason: string, spans: Span[], term?: string }} Finding
 * @typedef {{ action: 'approve' | 'hold' | 'reject', decidedBy: string, decidedByName?: string, reason: string | null, decidedAt: string, findings: Finding[] }} Decision
 * @typedef {{ id: string, articleId: string, articleTitle: string, parentId: string | null, body: string,
 *   author: { name: string, email: string | null }, status: 'pending' | 'approved' | 'rejected', createdAt: string,
 *   decision: Decision | null }} QueueItem
 * @typedef {{ pending: number, approved: number, rejected: number }} Counts
 * @typedef {{ items: QueueItem[], nextCursor: string | null, counts: Counts }} QueuePage
 */

/** @param {() => string | null} getToken */
export function createModerationApi(getToken) {
  /**
   * @param {string} path
   * @param {RequestInit} [init]
   */
  function request(path, init = {}) {
    return fetchJson(path, {
      ...init,
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${getToken() ?? ''}`,
        ...init.headers,
      },
      cache: 'no-store',
    });
  }

  return {
    /**
     * @param {{ status: string, articleId?: string, cursor?: string | null, limit?: number }} query
     * @returns {Promise<QueuePage>}
     */
    list({ status, articleId, cursor, limit = 25 }) {
      const params = new URLSearchParams({ status, limit: String(limit) });
      if (articleId) params.set('articleId', articleId);
      if (cursor) params.set('cursor', cursor);
      return request(`/api/v1/moderation/comments?${params}`);
    },

    /**
     * @param {string} id
     * @param {'approve' | 'reject'} action
     * @param {string} [reason]
     * @returns {Promise<QueueItem>}
     */
    decide(id, action, reason) {
      return request(`/api/v1/moderation/comments/${encodeURIComponent(id)}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(reason ? { reason } : {}),
      });
    },

    /** @returns {Promise<{ items: { id: string, title: string }[] }>} */
    articles: () => request('/api/v1/articles'),
  };
}

/**
 * What went wrong, for a moderator.
 * @param {unknown} error
 */
export function describeModerationError(error) {
  if (!(error instanceof ApiError))
    return 'Something unexpected went wrong. Nothing was changed; try again.';
  switch (error.status) {
    case 0:
      return 'Could not reach the server. Nothing was changed; try again.';
    case 401:
      return 'Your session has ended. Sign in again; nothing was changed.';
    case 403:
      return 'This token is not allowed to moderate.';
    case 404:
      return 'This comment no longer exists.';
    case 409:
      return 'Someone else has already decided this comment. Refresh to see it.';
    case 429:
      return `Too many requests. Try again${error.retryAfterSeconds ? ` in ${error.retryAfterSeconds} s` : ' shortly'}.`;
    default:
      return error.status >= 500
        ? 'The server failed. Nothing was changed; try again.'
        : `The server refused: ${error.problem?.title ?? `HTTP ${error.status}`}.`;
  }
}
