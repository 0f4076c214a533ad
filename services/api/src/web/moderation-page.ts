import { html } from './html.ts';
import type { PageAssets } from './article-page.ts';

const TABS = [
  { status: 'pending', label: 'Pending' },
  { status: 'rejected', label: 'Rejected' },
  { status: 'approved', label: 'Approved' },
] as const;

const SHORTCUTS = [
  ['j / k', 'next / previous comment'],
  ['a', 'approve'],
  ['r', 'reject (type a reason, Enter to confirm, Esc to cancel)'],
  ['x', 'select / unselect'],
  ['A / R', 'approve / reject every selected comment'],
  ['1 2 3', 'pending, rejected, approved'],
  ['?', 'show or hide these shortcuts'],
] as const;

/** The console is a static shell; console.js signs in and fills it from the v1 API. */
export function renderModerationPage(assets: PageAssets): string {
  return `<!doctype html>\n${
    html`<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="${assets.url('favicon.svg')}" type="image/svg+xml">
<meta name="robots" content="noindex">
<title>Moderation</title>
<link rel="stylesheet" href="${assets.url('console.css')}">
<script type="module" src="${assets.url('console.js')}"></script>
</head>
<body>
<header class="console-header">
<h1>Moderation</h1>
<button type="button" class="link-button" data-sign-out hidden>Sign out</button>
</header>
<main class="console">
<form class="sign-in" data-sign-in hidden>
<h2>Sign in</h2>
<label for="token">Moderator token</label>
<input id="token" name="token" type="password" autocomplete="current-password" spellcheck="false" required>
<p class="form-error" role="alert" data-sign-in-error></p>
<button type="submit" class="primary">Sign in</button>
</form>
<section class="queue" data-queue hidden aria-label="Review queue">
<div class="toolbar">
<div class="tabs" role="tablist" aria-label="Queues">
${TABS.map((tab, i) => html`<button type="button" role="tab" class="tab" id="tab-${tab.status}" data-tab="${tab.status}" aria-selected="${i === 0 ? 'true' : 'false'}" aria-controls="cards">${tab.label} <span class="count" data-count="${tab.status}">–</span></button>`)}
</div>
<label class="filter">Article
<select data-article-filter><option value="">All articles</option></select>
</label>
<button type="button" data-refresh>Refresh</button>
</div>
<div class="bulk-bar" data-bulk-bar>
<label><input type="checkbox" data-select-all> Select all</label>
<span data-selected-count>0 selected</span>
<button type="button" data-bulk="approve" disabled>Approve selected</button>
<button type="button" data-bulk="reject" disabled>Reject selected</button>
<input type="text" data-bulk-reason placeholder="Reason for rejecting (optional)" aria-label="Reason for rejecting the selected comments" dir="auto">
</div>
<p class="announce" role="status" aria-live="polite" data-announce></p>
<p class="form-error" role="alert" data-queue-error></p>
<ol class="cards" id="cards" role="tabpanel" aria-labelledby="tab-pending" data-cards></ol>
<p class="empty" data-empty hidden>Nothing to review here.</p>
<button type="button" class="load-more" data-load-more hidden>Load more</button>
</section>
<aside class="shortcuts" data-shortcuts hidden aria-label="Keyboard shortcuts">
<h2>Keyboard shortcuts</h2>
<dl>${SHORTCUTS.map(([keys, what]) => html`<dt><kbd>${keys}</kbd></dt><dd>${what}</dd>`)}</dl>
</aside>
</main>
</body>
</html>`.value
  }\n`;
}
