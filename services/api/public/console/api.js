// The moderation endpoints, with the moderator's bearer token. Failures become ApiError.
import { ApiError, fetchJson } from '../lib/http.js';
import { t } from './i18n.js';

export { ApiError };

/**
 * @typedef {{ start: number, end: number, text: string }} Span
 * @typedef {{ rule: string, action: string, reason: string, spans: Span[], term?: string,
 *   code?: string, params?: Record<string, string | number>, messages?: { ar: string, en: string } }} Finding
 * @typedef {{ action: 'approve' | 'hold' | 'reject', decidedBy: string, decidedByName?: string, reason: string | null, decidedAt: string, findings: Finding[] }} Decision
 * @typedef {{ id: string, articleId: string, articleTitle: string, parentId: string | null, body: string,
 *   author: { name: string, email: string | null, key?: string, standing?: string },
 *   status: 'pending' | 'approved' | 'rejected', createdAt: string, decision: Decision | null,
 *   reports?: { count: number, weight: number, reasons: Record<string, number> } | null,
 *   reported?: boolean,
 *   claimedBy?: { id: string, name: string } | null }} QueueItem
 * @typedef {'pending' | 'reported' | 'rejected' | 'approved'} Tab
 * @typedef {{ pending: number, approved: number, rejected: number, reported?: number }} Counts
 * @typedef {{ items: QueueItem[], nextCursor: string | null, counts: Counts }} QueuePage
 * @typedef {{ id: string, name: string }} ModeratorRef
 * @typedef {'normal' | 'trusted' | 'premoderated' | 'suspended' | 'banned'} Standing
 * @typedef {{ id: string, body: string, moderator: ModeratorRef, createdAt: string }} AuthorNote
 * @typedef {{ key: string, displayName: string, standing: Standing, suspendedUntil: string | null,
 *   counts: { approved: number, rejected: number, reported: number }, createdAt: string, lastSeenAt: string | null,
 *   comments: { id: string, articleId: string, body: string, status: QueueItem['status'], createdAt: string }[],
 *   notes: AuthorNote[] }} Author
 * @typedef {{ id: string, type: string, actor: ModeratorRef | null, targetType: string, targetId: string,
 *   data: unknown, createdAt: string }} AuditEntry
 * @typedef {{ items: AuditEntry[], nextCursor: string | null }} AuditPage
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

  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} body
   */
  function send(method, path, body) {
    return request(path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
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
     * @param {QueueItem['status']} [expectedStatus] what the moderator saw; 409 if it changed
     * @returns {Promise<QueueItem>}
     */
    decide(id, action, reason, expectedStatus) {
      return send('POST', `/api/v1/moderation/comments/${encodeURIComponent(id)}/${action}`, {
        ...(reason && { reason }),
        ...(expectedStatus && { expectedStatus }),
      });
    },

    /**
     * "I am looking at this one": other moderators see the claim for about a minute.
     * @param {string} id
     * @returns {Promise<{ claimedBy: ModeratorRef, expiresAt: string }>}
     */
    claim: (id) => send('POST', `/api/v1/moderation/comments/${encodeURIComponent(id)}/claim`, {}),

    /** @param {string} key @returns {Promise<Author>} */
    author: (key) => request(`/api/v1/authors/${encodeURIComponent(key)}`),

    /**
     * @param {string} key
     * @param {{ standing: Standing, until?: string, reason: string }} change
     * @returns {Promise<Author>}
     */
    setStanding: (key, change) =>
      send('PUT', `/api/v1/authors/${encodeURIComponent(key)}/standing`, change),

    /** @param {string} key @param {string} body @returns {Promise<AuthorNote>} */
    addNote: (key, body) =>
      send('POST', `/api/v1/authors/${encodeURIComponent(key)}/notes`, { body }),

    /**
     * @param {{ actor?: string, target?: string, action?: string, cursor?: string | null }} query
     * @returns {Promise<AuditPage>}
     */
    audit(query) {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
      return request(`/api/v1/audit?${params}`);
    },

    /** @returns {Promise<{ items: { id: string, title: string }[] }>} */
    articles: () => request('/api/v1/articles'),
  };
}

/**
 * What went wrong, for a moderator, in the console's language.
 * @param {unknown} error
 */
export function describeModerationError(error) {
  if (!(error instanceof ApiError)) return t('error.unexpected');
  switch (error.status) {
    case 0:
      return t('error.offline');
    case 401:
      return t('error.session');
    case 403:
      return t('error.forbidden');
    case 404:
      return t('error.notFound');
    case 409:
      return t('error.conflict');
    case 429:
      return error.retryAfterSeconds
        ? t('error.tooManyWait', { seconds: error.retryAfterSeconds })
        : t('error.tooMany');
    default:
      return error.status >= 500
        ? t('error.server')
        : t('error.refused', { title: error.problem?.title ?? `HTTP ${error.status}` });
  }
}
