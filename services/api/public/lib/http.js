// fetch() for the v1 API: JSON in, JSON out, and every failure an ApiError the interface can
// turn into words (never raw JSON). Shared by the widget and the moderator console.

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status, 0 when the server could not be reached
   * @param {{ title?: string, detail?: string, errors?: { path: unknown, message: string }[] } | null} problem
   * @param {number | null} retryAfterSeconds
   */
  constructor(status, problem, retryAfterSeconds = null) {
    super(problem?.title ?? (status ? `HTTP ${status}` : 'network error'));
    this.status = status;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Field names ("body", "name", "email", "parentId") the server rejected. */
  get fields() {
    return (this.problem?.errors ?? []).map(({ path }) => {
      const parts = Array.isArray(path) ? path : String(path).split(/[./]/).filter(Boolean);
      return String(parts.at(-1) ?? '');
    });
  }
}

/**
 * @param {string} url
 * @param {RequestInit} init
 * @returns {Promise<any>} the parsed JSON body (null when there is none)
 */
export async function fetchJson(url, init) {
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(0, null);
  }
  const text = await response.text().catch(() => '');
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
    throw new ApiError(response.status, data, Number.isFinite(retryAfter) ? retryAfter : null);
  }
  return data;
}
