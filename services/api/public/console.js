// The moderator console: sign in with a token, work through the queues by mouse or keyboard.
import { h } from './lib/dom.js';
import { inPool } from './lib/pool.js';
import { ApiError, createModerationApi, describeModerationError } from './console/api.js';
import { createCard } from './console/card.js';
import { ui } from './console/elements.js';
import { formatNumber, onLanguageChange, setLanguage, t, translatePage } from './console/i18n.js';
import { createSession } from './console/session.js';
import { bindShortcuts } from './console/shortcuts.js';

const PAGE_SIZE = 25;
const COUNTS_EVERY_MS = 30_000;
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
};

// ---- signing in -------------------------------------------------------------------------

const session = createSession({
  verify: async () => {
    setCounts((await api.list({ status: 'pending', articleId: state.articleId, limit: 1 })).counts);
  },
  async onSignedIn() {
    // After a lapsed session the queue is still on the page: keep it as it was.
    if (state.cards.length === 0) await reload();
    void loadArticles();
  },
  onSignedOut() {
    state.cards = [];
    ui.cards.replaceChildren();
  },
});
const api = createModerationApi(() => session.token);

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
  return createCard(item, {
    onDecide: decide,
    onSelect: () => updateSelection(),
    onFocus: (c) => markCurrent(state.cards.indexOf(c)),
  });
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
  state.status = status;
  for (const tab of ui.tabs) tab.setAttribute('aria-selected', String(tab.dataset.tab === status));
  ui.cards.setAttribute('aria-labelledby', `tab-${status}`);
  ui.bulkApprove.hidden = status === 'approved' || status === 'reported';
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
  if ((action === 'approve' && from === 'approved') || (action === 'reject' && from === 'rejected'))
    return false;
  card.setBusy(true);
  card.error.textContent = '';
  try {
    await api.decide(card.item.id, action, reason);
    adjustCount(from, -1);
    adjustCount(action === 'approve' ? 'approved' : 'rejected', +1);
    if (state.status === 'reported') adjustCount('reported', -1);
    removeCard(card);
    if (!quiet)
      say(t(action === 'approve' ? 'approvedOne' : 'rejectedOne', { name: card.item.author.name }));
    return true;
  } catch (error) {
    card.setBusy(false);
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

bindShortcuts(() => !ui.queue.hidden, {
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

// ---- language ---------------------------------------------------------------------------

for (const button of ui.languageButtons)
  button.addEventListener('click', () =>
    setLanguage(/** @type {'en' | 'ar'} */ (button.dataset.language)),
  );

/** Everything the script wrote is rebuilt in the new language; the queue itself is kept. */
onLanguageChange(() => {
  const current = state.current;
  state.cards = state.cards.map((old) => {
    const card = newCard(old.item);
    card.checkbox.checked = old.checkbox.checked;
    card.reasonInput.value = old.reasonInput.value;
    card.rejectForm.hidden = old.rejectForm.hidden;
    card.error.textContent = old.error.textContent;
    old.li.replaceWith(card.li);
    return card;
  });
  if (current >= 0) markCurrent(current);
  setCounts(state.counts);
  updateSelection();
  showEmpty();
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
  await reload();
  if (session.token) void loadArticles();
}

setInterval(() => void refreshCounts(), COUNTS_EVERY_MS);
void start();
