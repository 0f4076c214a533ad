// The audit log (/moderation/audit, admin tokens only): every state change, newest first, with
// filters by moderator, target and event type, and older entries by cursor.
import { h } from '../lib/dom.js';
import { ApiError, describeModerationError } from './api.js';
import { ui } from './elements.js';
import { formatDate, t } from './i18n.js';

/**
 * @param {{
 *   api: ReturnType<typeof import('./api.js').createModerationApi>,
 *   expired: (error: unknown) => boolean,
 * }} deps
 */
export function createAuditView({ api, expired }) {
  /** @type {import('./api.js').AuditEntry[]} */
  let entries = [];
  /** @type {string | null} */
  let cursor = null;
  let generation = 0;

  const filters = () => ({
    actor: ui.auditActor.value.trim(),
    target: ui.auditTarget.value.trim(),
    action: ui.auditAction.value.trim(),
  });

  /** @param {boolean} more */
  async function load(more) {
    const mine = ++generation;
    if (!more) {
      entries = [];
      cursor = null;
    }
    ui.auditError.textContent = '';
    ui.auditOlder.disabled = true;
    try {
      const page = await api.audit({ ...filters(), cursor: more ? cursor : null });
      if (mine !== generation) return;
      entries = [...entries, ...page.items];
      cursor = page.nextCursor;
    } catch (error) {
      if (mine !== generation || expired(error)) return;
      ui.auditError.textContent =
        error instanceof ApiError && error.status === 403
          ? t('audit.adminOnly')
          : t('audit.failed', { error: describeModerationError(error) });
    }
    ui.auditOlder.disabled = false;
    render();
  }

  function render() {
    ui.auditRows.replaceChildren(
      ...entries.map((entry) =>
        h(
          'tr',
          { 'data-type': entry.type },
          h('td', {}, h('time', { datetime: entry.createdAt }, formatDate(entry.createdAt))),
          h(
            'td',
            { dir: 'auto' },
            !entry.actor || entry.actor.id === 'system'
              ? t('audit.system')
              : entry.actor.name || entry.actor.id,
          ),
          h('td', {}, h('code', {}, entry.type)),
          h('td', { dir: 'ltr' }, h('code', {}, `${entry.targetType} ${entry.targetId}`)),
          h('td', { dir: 'auto', class: 'audit-data' }, describeData(entry.data)),
        ),
      ),
    );
    ui.auditEmpty.hidden = entries.length > 0 || ui.auditError.textContent !== '';
    ui.auditOlder.hidden = !cursor;
  }

  ui.auditFilters.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(false);
  });
  ui.auditOlder.addEventListener('click', () => void load(true));

  return { load: () => load(false), rerender: render };
}

/** The event's data as "reason: …", "standing: …" pairs, values as the API stored them. */
function describeData(/** @type {unknown} */ data) {
  if (data === null || data === undefined) return '';
  if (typeof data !== 'object') return JSON.stringify(data);
  return Object.entries(data)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}
