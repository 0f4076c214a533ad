// The live queue: follows GET /api/v1/moderation/events (server-sent events). EventSource
// cannot send the Authorization header, so this reads the stream with fetch() and parses the
// few lines of SSE itself. When the stream drops it reconnects with backoff and Last-Event-ID
// (the server replays what was missed); meanwhile the console polls.

/**
 * @typedef {{ type: string, eventId?: string, actor: string, targetType: string, targetId: string,
 *   data: any, createdAt: string }} LiveEvent
 * @typedef {'connecting' | 'live' | 'offline'} LiveState
 */

const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;
/** Heartbeats come every 15 s: this long without a byte means the connection is dead. */
const SILENCE_MS = 45_000;

/**
 * @param {{
 *   getToken: () => string | null,
 *   onEvent: (event: LiveEvent) => void,
 *   onReset: () => void,
 *   onState: (state: LiveState) => void,
 *   onRefused: (status: number) => void,
 * }} handlers
 */
export function createLiveEvents({ getToken, onEvent, onReset, onState, onRefused }) {
  /** @type {string | null} */
  let lastEventId = null;
  /** @type {AbortController | null} */
  let controller = null;
  let running = false;
  let failures = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let retryTimer;

  /** @param {string} block one SSE message (the lines before a blank line) */
  function dispatch(block) {
    let event = 'message';
    let data = '';
    /** @type {string | null} */
    let id = null;
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data += (data ? '\n' : '') + value;
      else if (field === 'id') id = value;
    }
    if (id !== null) lastEventId = id;
    if (event === 'ready') {
      failures = 0;
      onState('live');
    } else if (event === 'reset') onReset();
    else if (event === 'revoked') {
      // An admin revoked this moderator: the token opens nothing any more. Stop following; the
      // next thing the moderator does meets the ended session and asks to sign in again.
      running = false;
      onState('offline');
    } else if (data && event !== 'message') {
      try {
        onEvent(/** @type {LiveEvent} */ (JSON.parse(data)));
      } catch {
        // One event the console cannot read must not stop the others.
      }
    }
  }

  async function connect() {
    const token = getToken();
    if (!running) return;
    if (!token) {
      // Signed out or the session lapsed: signing in again starts the stream anew.
      running = false;
      onState('offline');
      return;
    }
    controller = new AbortController();
    const signal = controller.signal;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let silence;
    const watch = () => {
      clearTimeout(silence);
      silence = setTimeout(() => controller?.abort(), SILENCE_MS);
    };
    try {
      const response = await fetch('/api/v1/moderation/events', {
        headers: {
          accept: 'text/event-stream',
          authorization: `Bearer ${token}`,
          ...(lastEventId && { 'last-event-id': lastEventId }),
        },
        cache: 'no-store',
        signal,
      });
      if (response.status === 401 || response.status === 403) {
        running = false;
        onState('offline');
        onRefused(response.status);
        return;
      }
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      watch();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        watch();
        buffer += value.replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // Dropped, refused or aborted: reconnect below (unless stopped).
    } finally {
      clearTimeout(silence);
    }
    if (!running) return;
    onState('offline');
    failures += 1;
    const wait = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** (failures - 1));
    // A little jitter, so a restarted API is not met by every console at the same instant.
    retryTimer = setTimeout(() => void connect(), wait * (0.75 + Math.random() / 2));
  }

  return {
    start() {
      if (running) return;
      running = true;
      failures = 0;
      onState('connecting');
      void connect();
    },
    stop() {
      running = false;
      clearTimeout(retryTimer);
      controller?.abort();
      onState('offline');
    },
    get running() {
      return running;
    },
  };
}
