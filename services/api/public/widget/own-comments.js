// The reader's own comments that are still awaiting moderation: kept in localStorage so they
// survive a reload, and polled until a moderator (or the pipeline) has decided.

const KEEP_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * How long a published own comment is remembered: a CDN may serve a thread page cached before
 * the approval (CDN-Cache-Control: max-age=5, stale-while-revalidate=30), and the reader who
 * reloads must still see their comment. Forgotten sooner once a fetched thread shows it.
 */
const KEEP_PUBLISHED_MS = 10 * 60 * 1000;

/**
 * Poll quickly right after posting (most comments are decided by the pipeline within a
 * second or two), then back off so an open tab costs the server little.
 * @param {number} sinceMs time since the newest own comment was posted
 */
export function pollDelay(sinceMs) {
  if (sinceMs < 15_000) return 1_000;
  if (sinceMs < 2 * 60_000) return 2_000;
  if (sinceMs < 10 * 60_000) return 5_000;
  if (sinceMs < 60 * 60_000) return 15_000;
  return 60_000;
}

/**
 * @typedef {import('./form.js').OwnComment} OwnComment
 * @param {{
 *   storageKey: string,
 *   getStatus: (id: string) => Promise<{ status: 'pending' | 'approved' | 'rejected' }>,
 *   onDecided: (comment: OwnComment, status: 'approved' | 'rejected') => void,
 * }} options
 */
export function createOwnComments({ storageKey, getStatus, onDecided }) {
  /** @type {OwnComment[]} */
  let pending = read();
  /** @type {(OwnComment & { publishedAt: string })[]} */
  let published = readPublished();
  let lastPostedAt = Math.max(0, ...pending.map((c) => Date.parse(c.createdAt)));
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;

  function read() {
    try {
      const parsed = JSON.parse(localStorage.getItem(storageKey) ?? '[]');
      return Array.isArray(parsed)
        ? parsed.filter((c) => Date.now() - Date.parse(c.createdAt) < KEEP_MS)
        : [];
    } catch {
      return [];
    }
  }

  function readPublished() {
    try {
      const parsed = JSON.parse(localStorage.getItem(`${storageKey}:published`) ?? '[]');
      return Array.isArray(parsed)
        ? parsed.filter((c) => Date.now() - Date.parse(c.publishedAt) < KEEP_PUBLISHED_MS)
        : [];
    } catch {
      return [];
    }
  }

  function writePublished() {
    try {
      if (published.length)
        localStorage.setItem(`${storageKey}:published`, JSON.stringify(published));
      else localStorage.removeItem(`${storageKey}:published`);
    } catch {
      // Without storage a reload may briefly show a CDN's older page.
    }
  }

  function write() {
    try {
      if (pending.length) localStorage.setItem(storageKey, JSON.stringify(pending));
      else localStorage.removeItem(storageKey);
    } catch {
      // Without storage the reader still sees the outcome in this tab.
    }
  }

  async function poll() {
    timer = undefined;
    if (document.visibilityState === 'hidden') {
      document.addEventListener('visibilitychange', () => schedule(0), { once: true });
      return;
    }
    await Promise.all(
      pending.map(async (comment) => {
        try {
          const { status } = await getStatus(comment.id);
          if (status === 'approved' || status === 'rejected') {
            pending = pending.filter((c) => c.id !== comment.id);
            write();
            if (status === 'approved') {
              published = [...published, { ...comment, publishedAt: new Date().toISOString() }];
              writePublished();
            }
            onDecided(comment, status);
          }
        } catch {
          // 404 (not stored by the worker yet), offline, 5xx: ask again later.
        }
      }),
    );
    schedule(pollDelay(Date.now() - lastPostedAt));
  }

  /** @param {number} delay */
  function schedule(delay) {
    if (timer !== undefined || pending.length === 0) return;
    timer = setTimeout(() => void poll(), delay);
  }

  return {
    /** Comments posted earlier (this tab or a previous visit) that are still pending. */
    get pending() {
      return [...pending];
    },
    /** Own comments published in the last minutes that a fetched thread has not shown yet. */
    get published() {
      return published.map(({ publishedAt: _, ...comment }) => comment);
    },
    /**
     * The thread as fetched shows these ids: their own copies are no longer needed.
     * @param {string[]} ids
     */
    confirm(ids) {
      const shown = new Set(ids);
      const before = published.length;
      published = published.filter((c) => !shown.has(c.id));
      if (published.length !== before) writePublished();
    },
    /** @param {OwnComment} comment */
    add(comment) {
      pending = [...pending.filter((c) => c.id !== comment.id), comment];
      lastPostedAt = Date.now();
      write();
      clearTimeout(timer);
      timer = undefined;
      schedule(pollDelay(0));
    },
    start: () => schedule(0),
  };
}
