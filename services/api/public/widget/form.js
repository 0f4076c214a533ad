import { h } from '../lib/dom.js';
import {
  codePointLength,
  MAX_AUTHOR_NAME_LENGTH as NAME_MAX,
  MAX_COMMENT_LENGTH as BODY_MAX,
} from '../lib/text-facts.js';
import { ApiError, describeError } from './api.js';

const NAME_KEY = 'newsroom-comments:name';

/**
 * @typedef {{ id: string, body: string, author: { name: string }, parentId: string | null, createdAt: string }} OwnComment
 */

/**
 * The comment form: name, comment, optional e-mail, live length feedback, reply mode, and
 * errors in plain words next to the field they are about. What the reader typed is kept until
 * the API has accepted it.
 * @param {{
 *   t: import('./i18n.js').Strings,
 *   format: (n: number) => string,
 *   submit: (comment: { body: string, author: { name: string, email?: string }, parentId?: string }, idempotencyKey: string) => Promise<{ id: string }>,
 *   onPosted: (comment: OwnComment) => void,
 * }} options
 */
export function createCommentForm({ t, format, submit, onPosted }) {
  const uid = Math.random().toString(36).slice(2, 8);
  const field = (/** @type {string} */ name) => `cm-${name}-${uid}`;

  const nameInput = h('input', {
    id: field('name'),
    name: 'name',
    autocomplete: 'name',
    dir: 'auto',
    required: true,
    'aria-describedby': `${field('name')}-error`,
  });
  const emailInput = h('input', {
    id: field('email'),
    name: 'email',
    type: 'email',
    autocomplete: 'email',
    dir: 'auto',
    'aria-describedby': `${field('email')}-error`,
  });
  const bodyInput = h('textarea', {
    id: field('body'),
    name: 'body',
    rows: 4,
    dir: 'auto',
    required: true,
    'aria-describedby': `${field('body')}-counter ${field('body')}-error`,
  });
  const counter = h('span', { id: `${field('body')}-counter`, class: 'cm-counter' });
  const errors = {
    name: h('p', { id: `${field('name')}-error`, class: 'cm-field-error' }),
    email: h('p', { id: `${field('email')}-error`, class: 'cm-field-error' }),
    body: h('p', { id: `${field('body')}-error`, class: 'cm-field-error' }),
  };
  const formError = h('p', { class: 'cm-form-error', role: 'alert' });
  const notice = h('p', { class: 'cm-form-notice', role: 'status' });
  const submitButton = h('button', { type: 'submit', class: 'cm-submit' }, t.submit);
  const replyLabel = h('span', { dir: 'auto' });
  const replyBar = h(
    'p',
    { class: 'cm-replying', hidden: true },
    t.replyingTo,
    ' ',
    replyLabel,
    ' ',
    h(
      'button',
      { type: 'button', class: 'cm-link', onclick: () => setReplyTo(null) },
      t.cancelReply,
    ),
  );

  const form = h(
    'form',
    { class: 'cm-form', novalidate: true },
    h('h3', { class: 'cm-form-heading' }, t.formHeading),
    replyBar,
    h(
      'div',
      { class: 'cm-field' },
      h('label', { for: bodyInput.id }, t.body),
      bodyInput,
      counter,
      errors.body,
    ),
    h(
      'div',
      { class: 'cm-row' },
      h(
        'div',
        { class: 'cm-field' },
        h('label', { for: nameInput.id }, t.name),
        nameInput,
        errors.name,
      ),
      h(
        'div',
        { class: 'cm-field' },
        h('label', { for: emailInput.id }, t.email),
        emailInput,
        errors.email,
      ),
    ),
    formError,
    h(
      'div',
      { class: 'cm-submit-row' },
      submitButton,
      h('span', { class: 'cm-hint' }, t.moderated),
    ),
    notice,
  );

  /** @type {{ id: string, name: string } | null} */
  let replyTo = null;
  /** @type {{ fingerprint: string, key: string } | null} a retried send reuses its key: no duplicates */
  let attempt = null;
  let sending = false;

  try {
    nameInput.value = localStorage.getItem(NAME_KEY) ?? '';
  } catch {
    // Storage can be blocked; the reader types their name again.
  }

  function updateCounter() {
    const used = codePointLength(bodyInput.value);
    counter.textContent = `${format(used)} / ${format(BODY_MAX)}`;
    counter.classList.toggle('cm-near', used > BODY_MAX * 0.9 && used <= BODY_MAX);
    counter.classList.toggle('cm-over', used > BODY_MAX);
    if (used > BODY_MAX) showFieldError('body', t.bodyTooLong(BODY_MAX));
    else if (errors.body.textContent === t.bodyTooLong(BODY_MAX)) showFieldError('body', '');
  }

  /**
   * @param {'name' | 'email' | 'body'} name
   * @param {string} message
   */
  function showFieldError(name, message) {
    errors[name].textContent = message;
    const input = { name: nameInput, email: emailInput, body: bodyInput }[name];
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  function validate() {
    const name = nameInput.value.trim();
    const body = bodyInput.value.trim();
    const email = emailInput.value.trim();
    showFieldError(
      'body',
      !body ? t.bodyRequired : codePointLength(body) > BODY_MAX ? t.bodyTooLong(BODY_MAX) : '',
    );
    showFieldError(
      'name',
      !name ? t.nameRequired : codePointLength(name) > NAME_MAX ? t.nameTooLong(NAME_MAX) : '',
    );
    showFieldError('email', email && !emailInput.checkValidity() ? t.emailInvalid : '');
    const firstInvalid = [bodyInput, nameInput, emailInput].find(
      (input) => input.getAttribute('aria-invalid') === 'true',
    );
    firstInvalid?.focus();
    return !firstInvalid;
  }

  /** @param {{ id: string, name: string } | null} target */
  function setReplyTo(target) {
    replyTo = target;
    replyBar.hidden = !target;
    replyLabel.textContent = target?.name ?? '';
    if (target) bodyInput.focus();
  }

  async function onSubmit(/** @type {SubmitEvent} */ event) {
    event.preventDefault();
    if (sending) return;
    formError.textContent = '';
    notice.textContent = '';
    if (!validate()) return;

    const name = nameInput.value.trim();
    const email = emailInput.value.trim();
    const comment = {
      body: bodyInput.value.trim(),
      author: email ? { name, email } : { name },
      ...(replyTo ? { parentId: replyTo.id } : {}),
    };
    const fingerprint = JSON.stringify(comment);
    if (attempt?.fingerprint !== fingerprint) attempt = { fingerprint, key: crypto.randomUUID() };

    sending = true;
    submitButton.disabled = true;
    submitButton.textContent = t.sending;
    try {
      const accepted = await submit(comment, attempt.key);
      attempt = null;
      try {
        localStorage.setItem(NAME_KEY, name);
      } catch {
        // Not remembering the name is fine.
      }
      onPosted({
        id: accepted.id,
        body: comment.body,
        author: { name },
        parentId: comment.parentId ?? null,
        createdAt: new Date().toISOString(),
      });
      bodyInput.value = '';
      setReplyTo(null);
      updateCounter();
      notice.textContent = t.pendingNote;
    } catch (error) {
      formError.textContent = describeError(error, t);
      if (error instanceof ApiError && (error.status === 400 || error.status === 422)) {
        for (const f of error.fields) {
          if (f === 'name') showFieldError('name', t.fieldInvalid);
          else if (f === 'email') showFieldError('email', t.emailInvalid);
          else if (f === 'body') showFieldError('body', t.fieldInvalid);
          else if (f === 'parentId') formError.textContent = t.parentInvalid;
        }
      }
      if (error instanceof ApiError && error.status === 404 && replyTo)
        formError.textContent = t.parentInvalid;
      if (error instanceof ApiError && error.status === 413)
        showFieldError('body', t.bodyTooLong(BODY_MAX));
    } finally {
      sending = false;
      submitButton.disabled = false;
      submitButton.textContent = t.submit;
    }
  }

  bodyInput.addEventListener('input', updateCounter);
  nameInput.addEventListener('input', () => {
    if (codePointLength(nameInput.value.trim()) > NAME_MAX)
      showFieldError('name', t.nameTooLong(NAME_MAX));
    else showFieldError('name', '');
  });
  form.addEventListener('submit', (event) => void onSubmit(event));
  updateCounter();

  return {
    el: form,
    setReplyTo,
    /** @param {FocusOptions} [options] */
    focus: (options) => bodyInput.focus(options),
  };
}
