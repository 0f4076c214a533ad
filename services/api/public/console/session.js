// The moderator's token for this tab (sessionStorage), and the sign-in form that asks for it.
import { ApiError, describeModerationError } from './api.js';
import { ui } from './elements.js';
import { t } from './i18n.js';

const TOKEN_KEY = 'moderation-token';

/**
 * @param {{
 *   verify: () => Promise<void>,
 *   onSignedIn: () => unknown,
 *   onSignedOut: () => void,
 * }} hooks `verify` calls the API with the current token and throws when it is refused
 */
export function createSession({ verify, onSignedIn, onSignedOut }) {
  /** @type {string | null} */
  let token = sessionStorage.getItem(TOKEN_KEY);

  /** @param {string} [message] */
  function showSignIn(message = '') {
    ui.signIn.hidden = false;
    ui.queue.hidden = true;
    ui.audit.hidden = true;
    ui.signOut.hidden = true;
    ui.signInError.textContent = message;
    ui.tokenInput.focus();
  }

  /** Shows the page's view: the review queue, or the audit log. */
  function showQueue() {
    ui.signIn.hidden = true;
    ui.queue.hidden = ui.view !== 'queue';
    ui.audit.hidden = ui.view !== 'audit';
    ui.signOut.hidden = false;
    ui.signInError.textContent = '';
  }

  function forget() {
    sessionStorage.removeItem(TOKEN_KEY);
    token = null;
  }

  /** @param {SubmitEvent} event */
  async function signIn(event) {
    event.preventDefault();
    const candidate = ui.tokenInput.value.trim();
    if (!candidate) {
      ui.signInError.textContent = t('tokenMissing');
      return;
    }
    token = candidate;
    try {
      await verify();
      sessionStorage.setItem(TOKEN_KEY, candidate);
      ui.tokenInput.value = '';
      showQueue();
      await onSignedIn();
    } catch (error) {
      token = null;
      ui.signInError.textContent =
        error instanceof ApiError && error.status === 401
          ? t('tokenUnknown')
          : describeModerationError(error);
    }
  }
  ui.signIn.addEventListener('submit', (event) => void signIn(event));

  ui.signOut.addEventListener('click', () => {
    forget();
    onSignedOut();
    showSignIn();
  });

  return {
    get token() {
      return token;
    },
    showSignIn,
    showQueue,
    /**
     * A 401 from anywhere: forget the token and ask for it again. The queue on the page is
     * kept, so the moderator carries on where they were after signing in.
     * @param {unknown} error
     */
    expired(error) {
      if (!(error instanceof ApiError && error.status === 401)) return false;
      forget();
      showSignIn(describeModerationError(error));
      return true;
    },
  };
}
