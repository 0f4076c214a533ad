// Single-key shortcuts, ignored while the moderator is typing or holding a modifier.

/** @param {EventTarget | null} target */
function isTyping(target) {
  const el = /** @type {HTMLElement | null} */ (target);
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/**
 * @param {() => boolean} enabled
 * @param {Record<string, () => unknown>} keymap by KeyboardEvent.key ("a", "A", "?", "Escape")
 */
export function bindShortcuts(enabled, keymap) {
  document.addEventListener('keydown', (event) => {
    if (!enabled() || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target))
      return;
    const action = keymap[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });
}
