// The moderator console: sign in with a token, work through the queues by mouse or keyboard.
import { h } from './lib/dom.js';
import { inPool } from './lib/pool.js';
import { ApiError, createModerationApi, describeModerationError } from './console/api.js';
import { createAuditView } from './console/audit.js';
import { createAuthorDrawer } from './console/author-drawer.js';
import { createCard } from './console/card.js';
import { createLiveEvents } from './console/live.js';
import { ui } from './console/elements.js';
import { formatNumber, onLanguageChange, setLanguage, t, translatePage } from './console/i18n.js';
import { createSession } from './console/session.js';
import { bindShortcuts } from './console/shortcuts.js';

const PAGE_SIZE = 25;
const COUNTS_EVERY_MS = 30_000;
/** Claims last about a minute on the server; the current card's claim is renewed this often. */
const CLAIM_EVERY_MS = 25_000;
const ME_KEY = 'moderation-me';
/** While the live stream is down the queue is polled this often. */
const POLL_EVERY_MS = 15_000;
const TABS = /** @type {const} */ (['pending', 'reported', 'rejected', 'approved']);

translatePage();

const state = {
  /** @type {import('./console/api.js').Tab} */
  status: 'pending',
  articleId: '',
  /** @type {string | null} */
  cursor: null,
  /** @type {import('./console/card.js').Card[]} */
  cards: [],
  current: -1,
  /** @type {import('./console/api.js').Counts} */
  counts: { pending: 0, rejected: 0, approved: 0 },
  /** False while this server answers `?status=reported` with 400 (not deployed yet). */
  reportedAvailable: true,
  loading: false,
  /** Bumped on every reload, so a slow response for an old tab is ignored. */
  generation: 0,
  /**
   * Who this token is, learnt from the first claim (the API has no "who am I"): claims by
   * anyone else mark a card as being reviewed.
   * @type {import('./console/api.js').ModeratorRef | null}
   */
  me: readMe(),
  /** @type {Map<string, number>} comment id → when this console last claimed it */
  claimedAt: new Map(),
};

function readMe() {
  try {
    return JSON.parse(sessionStorage.getItem(ME_KEY) ?? 'null');
  } catch {
    return null;
  }
}

// ---- signing in -------------------------------------------------------------------------

const session = createSession({
  verify: async () => {
    // Maybe another moderator's token than before: learn who we are again from the next claim.
    state.me = null;
    sessionStorage.removeItem(ME_KEY);
    setCounts((await api.list({ status: 'pending', articleId: state.articleId, limit: 1 })).counts);
  },
  async onSignedIn() {
    if (ui.view === 'audit') return audit.load();
    // After a lapsed session the queue is still on the page: keep it as it was.
    if (state.cards.length === 0) await reload();
    live.start();
    void loadArticles();
  },
  onSignedOut() {
    live.stop();
    ui.liveStatus.hidden = true;
    state.cards = [];
    state.me = null;
    sessionStorage.removeItem(ME_KEY);
    ui.cards.replaceChildren();
  },
});
const api = createModerationApi(() => session.token);
const drawer = createAuthorDrawer({
  api,
  expired: (error) => session.expired(error),
  onChanged(author) {
    // The author's other cards in the queue show the new standing.
    rebuildCards(
      (item) => item.author.key === author.key,
      (item) => {
        item.author.standing = author.standing;
      },
    );
  },
});
const audit = createAuditView({ api, expired: (error) => session.expired(error) });

// ---- loading the queue ------------------------------------------------------------------

/** @param {import('./console/api.js').Counts} counts */
function setCounts(counts) {
  state.counts = { ...state.counts, ...counts };
  for (const status of TABS) {
    const el = document.querySelector(`[data-count="${status}"]`);
    const n = state.counts[status];
    if (el) el.textContent = typeof n === 'number' ? formatNumber(n) : '–';
  }
}

/** @param {import('./console/api.js').Tab} status @param {number} delta */
function adjustCount(status, delta) {
  const n = state.counts[status];
  if (typeof n !== 'number') return;
  setCounts({ ...state.counts, [status]: Math.max(0, n + delta) });
}

/** @param {import('./console/api.js').QueueItem} item */
function newCard(item) {
  const card = createCard(item, {
    onDecide: decide,
    onSelect: () => updateSelection(),
    onFocus: (c) => markCurrent(state.cards.indexOf(c)),
    onAuthor: (c) => {
      if (c.item.author.key) drawer.open({ key: c.item.author.key, name: c.item.author.name });
    },
  });
  const by = item.claimedBy;
  card.setClaimedBy(by && by.id !== state.me?.id ? by : null);
  return card;
}

/**
 * Rebuilds cards from their items (new language, new author standing), keeping what the
 * moderator typed, ticked and saw.
 * @param {(item: import('./console/api.js').QueueItem) => boolean} which
 * @param {(item: import('./console/api.js').QueueItem) => void} [change]
 */
function rebuildCards(which, change) {
  state.cards = state.cards.map((old) => {
    if (!which(old.item)) return old;
    change?.(old.item);
    const card = newCard(old.item);
    card.checkbox.checked = old.checkbox.checked;
    card.reasonInput.value = old.reasonInput.value;
    card.rejectForm.hidden = old.rejectForm.hidden;
    card.error.textContent = old.error.textContent;
    const claimed = claims.get(old);
    if (claimed) claims.set(card, claimed);
    if (old.li.classList.contains('claimed')) card.setClaimedBy(claimOf(old));
    if (old.taken)
      card.setTaken(
        takenProblems.get(old.item.id) ?? null,
        decidedLive.has(old.item.id) ? 'decidedByColleague' : 'takenBy',
      );
    old.li.replaceWith(card.li);
    return card;
  });
  if (state.current >= 0) markCurrent(state.current);
}

/** @type {WeakMap<import('./console/card.js').Card, import('./console/api.js').ModeratorRef>} */
const claims = new WeakMap();
/** @param {import('./console/card.js').Card} card */
const claimOf = (card) => claims.get(card) ?? card.item.claimedBy ?? null;
/** @type {Map<string, import('./console/card.js').TakenProblem>} */
const takenProblems = new Map();
/** Cards marked decided from the live stream (not by a refused decision of ours). */
const decidedLive = new Set();

/**
 * Tells the other moderators "I have this one open", and learns whether someone else has.
 * @param {import('./console/card.js').Card} card
 */
async function claim(card) {
  const id = card.item.id;
  const last = state.claimedAt.get(id) ?? 0;
  if (card.taken || Date.now() - last < CLAIM_EVERY_MS) return;
  state.claimedAt.set(id, Date.now());
  try {
    const { claimedBy } = await api.claim(id);
    if (state.me?.id !== claimedBy.id) {
      state.me = claimedBy;
      sessionStorage.setItem(ME_KEY, JSON.stringify(claimedBy));
      // Now that we know who we are, our own earlier claims are not someone else's.
      for (const other of state.cards)
        if (other.item.claimedBy?.id === claimedBy.id) other.setClaimedBy(null);
    }
    card.setClaimedBy(null);
  } catch (error) {
    const by =
      error instanceof ApiError && error.status === 409 ? problemOf(error).claimedBy : null;
    if (by) {
      claims.set(card, by);
      card.setClaimedBy(by);
    } else state.claimedAt.delete(id);
    // Claims are advice: any other failure leaves the card as it was.
  }
}

/** @param {ApiError} error */
function problemOf(error) {
  return /** @type {{ claimedBy?: import('./console/api.js').ModeratorRef } & import('./console/card.js').TakenProblem} */ (
    error.problem ?? {}
  );
}

async function reload() {
  state.generation += 1;
  state.cursor = null;
  state.cards = [];
  state.current = -1;
  ui.cards.replaceChildren();
  updateSelection();
  await loadPage();
  if (state.cards.length) focusCard(0, { scroll: false });
}

async function loadPage() {
  const generation = state.generation;
  state.loading = true;
  ui.loadMore.disabled = true;
  ui.queueError.textContent = '';
  try {
    const page = await api.list({
      status: state.status,
      articleId: state.articleId,
      cursor: state.cursor,
      limit: PAGE_SIZE,
    });
    if (generation !== state.generation) return;
    if (state.status === 'reported') state.reportedAvailable = true;
    setCounts(page.counts);
    for (const item of page.items) {
      if (state.cards.some((c) => c.item.id === item.id)) continue;
      const card = newCard(item);
      state.cards.push(card);
      ui.cards.append(card.li);
    }
    state.cursor = page.nextCursor;
  } catch (error) {
    if (generation !== state.generation) return;
    if (state.status === 'reported' && error instanceof ApiError && error.status === 400)
      // An API without the reports queue yet: say so calmly, the other tabs work.
      state.reportedAvailable = false;
    else if (!session.expired(error))
      ui.queueError.textContent = t('queueFailed', { error: describeModerationError(error) });
  } finally {
    if (generation === state.generation) {
      state.loading = false;
      ui.loadMore.disabled = false;
      ui.loadMore.hidden = !state.cursor;
      showEmpty();
    }
  }
}

function showEmpty() {
  ui.empty.textContent =
    state.status === 'reported' && !state.reportedAvailable ? t('reportedUnavailable') : t('empty');
  ui.empty.hidden = state.cards.length > 0 || ui.queueError.textContent !== '';
}

async function loadArticles() {
  try {
    const { items } = await api.articles();
    const chosen = ui.articleFilter.value;
    ui.articleFilter.replaceChildren(
      h('option', { value: '', 'data-i18n': 'allArticles' }, t('allArticles')),
      ...items.map((a) => h('option', { value: a.id, dir: 'auto' }, a.title)),
    );
    ui.articleFilter.value = chosen;
  } catch {
    // The filter is a convenience; the queue works without it.
  }
}

/** @param {import('./console/api.js').Tab} status */
function selectTab(status) {
  if (drawer.isOpen) return;
  state.status = status;
  for (const tab of ui.tabs) tab.setAttribute('aria-selected', String(tab.dataset.tab === status));
  ui.cards.setAttribute('aria-labelledby', `tab-${status}`);
  ui.bulkApprove.hidden = status === 'approved';
  ui.bulkReject.hidden = status === 'rejected';
  ui.bulkReason.hidden = status === 'rejected';
  return reload();
}

for (const tab of ui.tabs)
  tab.addEventListener('click', () => void selectTab(/** @type {'pending'} */ (tab.dataset.tab)));
ui.articleFilter.addEventListener('change', () => {
  state.articleId = ui.articleFilter.value;
  void reload();
});
ui.refresh.addEventListener('click', () => void reload());
ui.loadMore.addEventListener('click', () => void loadPage());

// ---- deciding ---------------------------------------------------------------------------

/**
 * Sends one decision. On success the card leaves the queue and the counts move; on failure
 * the card stays, with the error on it and the typed reason intact.
 * @param {import('./console/card.js').Card} card
 * @param {'approve' | 'reject'} action
 * @param {string} [reason]
 * @param {{ quiet?: boolean }} [options]
 * @returns {Promise<boolean>}
 */
async function decide(card, action, reason, { quiet = false } = {}) {
  if (card.busy) return false;
  const from = card.item.status;
  // Deciding what is already so only makes sense to dismiss readers' reports ("keep published").
  const same =
    (action === 'approve' && from === 'approved') || (action === 'reject' && from === 'rejected');
  if (same && !card.item.reported) return false;
  card.setBusy(true);
  card.error.textContent = '';
  try {
    await api.decide(card.item.id, action, reason, from);
    adjustCount(from, -1);
    adjustCount(action === 'approve' ? 'approved' : 'rejected', +1);
    if (card.item.reported) adjustCount('reported', -1);
    // The counts moved at once; the server's own then settle them (the live event of this very
    // decision may already have refreshed them, and must not count it twice).
    scheduleRefresh();
    removeCard(card);
    if (!quiet)
      say(t(action === 'approve' ? 'approvedOne' : 'rejectedOne', { name: card.item.author.name }));
    return true;
  } catch (error) {
    card.setBusy(false);
    if (error instanceof ApiError && error.status === 409 && problemOf(error).decidedBy) {
      // Another moderator decided first: show who, never overwrite their decision.
      const problem = problemOf(error);
      takenProblems.set(card.item.id, problem);
      card.setTaken(problem);
      card.checkbox.checked = false;
      updateSelection();
      adjustCount(from, -1);
      return false;
    }
    card.error.textContent = t(action === 'approve' ? 'approveFailed' : 'rejectFailed', {
      error: describeModerationError(error),
    });
    session.expired(error);
    return false;
  }
}

/** @param {import('./console/card.js').Card} card */
function removeCard(card) {
  const index = state.cards.indexOf(card);
  if (index < 0) return;
  const wasCurrent = index === state.current;
  state.cards.splice(index, 1);
  card.li.remove();
  updateSelection();
  showEmpty();
  if (state.cards.length === 0) state.current = -1;
  else if (wasCurrent) focusCard(Math.min(index, state.cards.length - 1));
  else markCurrent(index < state.current ? state.current - 1 : state.current);
  if (state.cards.length < 5 && state.cursor && !state.loading) void loadPage();
}

/** @param {'approve' | 'reject'} action */
async function decideSelected(action) {
  const chosen = selectedCards();
  if (!chosen.length) return;
  const reason = action === 'reject' ? ui.bulkReason.value.trim() || undefined : undefined;
  // A few at a time: quick for a page of spam, gentle on the API.
  const results = await inPool(chosen, 4, (card) => decide(card, action, reason, { quiet: true }));
  const done = results.filter(Boolean).length;
  const failed = chosen.length - done;
  const summary = t(action === 'approve' ? 'approvedMany' : 'rejectedMany', { n: done });
  say(failed ? `${summary} ${t('failedMany', { n: failed })}` : summary);
  if (!failed) ui.bulkReason.value = '';
}

function selectedCards() {
  return state.cards.filter((c) => c.checkbox.checked);
}

function updateSelection() {
  const n = selectedCards().length;
  ui.selectedCount.textContent = t('selectedCount', { n });
  ui.bulkApprove.disabled = n === 0;
  ui.bulkReject.disabled = n === 0;
  ui.selectAll.checked = n > 0 && n === state.cards.length;
  ui.selectAll.indeterminate = n > 0 && n < state.cards.length;
  for (const card of state.cards) card.li.classList.toggle('selected', card.checkbox.checked);
}

ui.selectAll.addEventListener('change', () => {
  for (const card of state.cards) card.checkbox.checked = ui.selectAll.checked;
  updateSelection();
});
ui.bulkApprove.addEventListener('click', () => void decideSelected('approve'));
ui.bulkReject.addEventListener('click', () => void decideSelected('reject'));
ui.bulkReason.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') void decideSelected('reject');
});

/** @param {string} message */
function say(message) {
  ui.announce.textContent = message;
}

// ---- current card and keyboard ----------------------------------------------------------

/** @param {number} index */
function markCurrent(index) {
  if (index < 0) return;
  state.current = index;
  const card = state.cards[index];
  if (card) void claim(card);
  state.cards.forEach((c, i) => {
    c.li.classList.toggle('current', i === index);
    if (i === index) c.li.setAttribute('aria-current', 'true');
    else c.li.removeAttribute('aria-current');
  });
}

/** @param {number} index @param {{ scroll?: boolean }} [options] */
function focusCard(index, { scroll = true } = {}) {
  const card = state.cards[index];
  if (!card) return;
  markCurrent(index);
  card.li.focus({ preventScroll: true });
  if (scroll) card.li.scrollIntoView({ block: 'nearest' });
}

bindShortcuts(() => !ui.queue.hidden && !drawer.isOpen, {
  j: () => {
    if (state.current >= state.cards.length - 2 && state.cursor && !state.loading) void loadPage();
    focusCard(Math.min(state.current + 1, state.cards.length - 1));
  },
  k: () => focusCard(Math.max(state.current - 1, 0)),
  a: () => {
    const card = currentCard();
    if (card) void decide(card, 'approve');
  },
  r: () => currentCard()?.openReject(),
  x: () => {
    const card = currentCard();
    if (!card) return;
    card.checkbox.checked = !card.checkbox.checked;
    updateSelection();
  },
  A: () => decideSelected('approve'),
  R: () => {
    if (selectedCards().length && !ui.bulkReason.hidden) ui.bulkReason.focus();
  },
  1: () => selectTab('pending'),
  2: () => selectTab('reported'),
  3: () => selectTab('rejected'),
  4: () => selectTab('approved'),
  '?': () => {
    ui.shortcuts.hidden = !ui.shortcuts.hidden;
  },
  Escape: () => {
    ui.shortcuts.hidden = true;
  },
});

/** @returns {import('./console/card.js').Card | undefined} */
function currentCard() {
  return state.cards[state.current];
}

// ---- live updates -----------------------------------------------------------------------

const live = createLiveEvents({
  getToken: () => session.token,
  onEvent: onLiveEvent,
  // The server could not replay everything we missed: start the lists afresh.
  onReset: () => void reload(),
  onState: showLiveState,
  onRefused: (status) => session.expired(new ApiError(status, null)),
});

/** @type {ReturnType<typeof setInterval> | undefined} */
let pollTimer;
/** @param {import('./console/live.js').LiveState} liveState */
function showLiveState(liveState) {
  ui.liveStatus.hidden = ui.view !== 'queue' || !session.token;
  ui.liveStatus.dataset.state = liveState;
  ui.liveStatus.dataset.i18n = `live.${liveState}`;
  ui.liveStatus.textContent = t(/** @type {'live.live'} */ (`live.${liveState}`));
  // Without the stream, new work still shows up, only later: poll until it is back.
  if (liveState === 'live') {
    clearInterval(pollTimer);
    pollTimer = undefined;
  } else if (live.running && !pollTimer)
    pollTimer = setInterval(() => void refreshHead(), POLL_EVERY_MS);
  else if (!live.running) {
    clearInterval(pollTimer);
    pollTimer = undefined;
  }
}

/** Someone else's claim and decision are news; this console's own are not. @param {string} id */
const isMe = (id) => state.me?.id === id;

/** @param {import('./console/live.js').LiveEvent} event */
function onLiveEvent(event) {
  if (event.targetType !== 'comment') return;
  const card = state.cards.find((c) => c.item.id === event.targetId);
  if (event.type === 'comment.claimed') {
    const by = /** @type {import('./console/api.js').ModeratorRef | undefined} */ (
      event.data?.claimedBy
    );
    if (!card || !by || card.taken) return;
    // Before the first claim answers we do not know who we are: a claim this console has just
    // made is our own.
    const ours =
      isMe(by.id) || (!state.me && Date.now() - (state.claimedAt.get(card.item.id) ?? 0) < 5_000);
    if (ours) return;
    claims.set(card, by);
    card.setClaimedBy(by);
    const expiresIn = Date.parse(event.data?.expiresAt ?? '') - Date.now();
    if (expiresIn > 0)
      setTimeout(() => {
        if (claims.get(card)?.id !== by.id) return;
        claims.delete(card);
        card.setClaimedBy(null);
      }, expiresIn);
    return;
  }
  if (
    card &&
    (event.type === 'comment.approved' || event.type === 'comment.rejected') &&
    event.actor !== 'system' &&
    !isMe(event.actor) &&
    !card.busy &&
    !card.taken
  ) {
    const action = event.type === 'comment.approved' ? 'approve' : 'reject';
    const leaves =
      state.status === 'pending' ||
      state.status === 'reported' ||
      (state.status === 'approved' && action === 'reject') ||
      (state.status === 'rejected' && action === 'approve');
    if (leaves) {
      const open =
        state.cards[state.current] === card ||
        card.checkbox.checked ||
        card.reasonInput.value.trim() !== '' ||
        !card.rejectForm.hidden;
      if (open) {
        // The moderator was looking at it: say who decided rather than pull it away.
        const problem = {
          decidedBy: { id: event.actor, name: event.data?.moderatorName ?? '' },
          action,
          decidedAt: event.createdAt,
        };
        takenProblems.set(card.item.id, problem);
        decidedLive.add(card.item.id);
        card.setTaken(problem, 'decidedByColleague');
        card.checkbox.checked = false;
        updateSelection();
      } else removeCard(card);
    }
  }
  scheduleRefresh();
}

/** A refresh is under way; `again`: events came meanwhile, so run once more after it. */
const refreshing = { running: false, again: false };
/** At once for the first event; events arriving meanwhile cost one more request, not one each. */
function scheduleRefresh() {
  if (refreshing.running) {
    refreshing.again = true;
    return;
  }
  refreshing.running = true;
  void refreshHead().finally(() => {
    refreshing.running = false;
    if (refreshing.again) {
      refreshing.again = false;
      scheduleRefresh();
    }
  });
}

/**
 * @param {import('./console/api.js').QueueItem} a
 * @param {import('./console/api.js').QueueItem} b
 */
const byAge = (a, b) =>
  a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1;

/**
 * Brings the counts and the loaded part of the list up to date without a reload: new comments
 * take their place among the cards (oldest first in pending and reported, newest first
 * otherwise); what the moderator typed or ticked is left alone.
 */
async function refreshHead() {
  if (!session.token || ui.queue.hidden || ui.view !== 'queue') return;
  if (state.loading) {
    refreshing.again = true; // the page being loaded may predate the event
    return;
  }
  const generation = state.generation;
  let page;
  try {
    page = await api.list({
      status: state.status,
      articleId: state.articleId,
      limit: Math.min(100, Math.max(PAGE_SIZE, state.cards.length + 5)),
    });
  } catch (error) {
    session.expired(error);
    return;
  }
  if (generation !== state.generation) return;
  setCounts(page.counts);
  const order = state.status === 'pending' || state.status === 'reported' ? 1 : -1;
  const known = new Set(state.cards.map((c) => c.item.id));
  for (const item of page.items) {
    if (known.has(item.id)) continue;
    const at = state.cards.findIndex((c) => order * byAge(item, c.item) < 0);
    // Past the last loaded card while more pages remain: "load more" will bring it.
    if (at < 0 && state.cursor) continue;
    const card = newCard(item);
    if (at < 0) {
      state.cards.push(card);
      ui.cards.append(card.li);
    } else {
      state.cards[at]?.li.before(card.li);
      state.cards.splice(at, 0, card);
      if (at <= state.current) state.current += 1;
    }
  }
  updateSelection();
  showEmpty();
}

// ---- language ---------------------------------------------------------------------------

for (const button of ui.languageButtons)
  button.addEventListener('click', () =>
    setLanguage(/** @type {'en' | 'ar'} */ (button.dataset.language)),
  );

/** Everything the script wrote is rebuilt in the new language; the queue itself is kept. */
onLanguageChange(() => {
  rebuildCards(() => true);
  drawer.rerender();
  audit.rerender();
  setCounts(state.counts);
  updateSelection();
  showEmpty();
  if (ui.liveStatus.dataset.state)
    showLiveState(/** @type {'live'} */ (ui.liveStatus.dataset.state));
});

// ---- start ------------------------------------------------------------------------------

async function refreshCounts() {
  if (!session.token || ui.queue.hidden || document.visibilityState === 'hidden') return;
  try {
    const page = await api.list({ status: state.status, articleId: state.articleId, limit: 1 });
    setCounts(page.counts);
  } catch (error) {
    session.expired(error);
  }
}

async function start() {
  if (!session.token) {
    session.showSignIn();
    return;
  }
  session.showQueue();
  if (ui.view === 'audit') return audit.load();
  await reload();
  if (session.token) {
    live.start();
    void loadArticles();
  }
}

setInterval(() => void refreshCounts(), COUNTS_EVERY_MS);
void start();
