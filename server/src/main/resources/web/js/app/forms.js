/**
 * Form plumbing shared by the views: labelled fields, reading values, showing
 * the server's problem+json field errors next to their inputs, busy buttons,
 * and an accessible confirmation dialog.
 */
import { h } from './dom.js';

let unique = 0;

/**
 * A label, its control and a slot for the control's error, linked by ids.
 * @param {string} label
 * @param {HTMLElement} control an input, select or textarea with a `name`
 * @param {string} [hint]
 */
export function field(label, control, hint) {
  const id = control.id || `f${++unique}`;
  control.id = id;
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint`, text: hint }) : null;
  control.setAttribute('aria-describedby', [hintEl?.id, error.id].filter(Boolean).join(' '));
  return h('div', { class: 'field', dataset: { field: control.name } },
    h('label', { for: id, text: label }), control, hintEl, error);
}

/** The form's values by name, strings trimmed; checkboxes as booleans. */
export function values(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    out[el.name] = el.type === 'checkbox' ? el.checked : String(el.value).trim();
  }
  return out;
}

/** Clears earlier errors, then shows `error`'s field messages by input name and the rest on top. */
export function showErrors(form, error) {
  clearErrors(form);
  if (error?.status === 0) form.dataset.networkError = 'true'; // cleared once the app is live again
  const general = form.querySelector('.form-error');
  const unplaced = [];
  for (const e of error?.errors ?? []) {
    const input = form.elements.namedItem?.(e.field);
    const slot = input && form.querySelector(`#${CSS.escape(input.id)}-error`);
    if (slot) {
      slot.textContent = `${labelOf(form, input)} ${e.message}`;
      slot.hidden = false;
      input.setAttribute('aria-invalid', 'true');
    } else unplaced.push(`${e.field} ${e.message}`);
  }
  const first = form.querySelector('[aria-invalid="true"]');
  if (general) {
    general.textContent = unplaced.length ? unplaced.join('; ')
      : first ? 'Please correct the highlighted fields.' : (error?.message ?? 'Something went wrong.');
  }
  first?.focus(); // a general error is announced by its role=alert; focus stays where it was
}

/** Removes every error message of the form. */
export function clearErrors(form) {
  for (const slot of form.querySelectorAll('.field-error')) {
    slot.textContent = '';
    slot.hidden = true;
  }
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  const general = form.querySelector('.form-error');
  if (general) general.textContent = '';
  delete form.dataset.networkError;
}

/**
 * Clears every "cannot be reached" error under `root`: called when the connection is live
 * again, so no error outlives the state it described. Forms are cleared; other marked
 * elements (a notice, a reply error) are emptied and, if notices, hidden.
 */
export function clearNetworkErrors(root = document) {
  for (const el of root.querySelectorAll('[data-network-error]')) {
    if (el instanceof HTMLFormElement) clearErrors(el);
    else {
      el.textContent = '';
      if (el.classList.contains('notice')) el.hidden = true;
      delete el.dataset.networkError;
    }
  }
}

/** Marks `el` as showing a network error (see clearNetworkErrors) when `error` is one. */
export function markNetworkError(el, error) {
  if (error?.status === 0) el.dataset.networkError = 'true';
  else delete el.dataset.networkError;
}

/** Disables the form's submit button while `promise` runs; resolves/rejects like it. */
export async function submitting(form, promise) {
  const button = form.querySelector('[type=submit]');
  if (button) button.disabled = true;
  form.setAttribute('aria-busy', 'true');
  try {
    const result = await promise;
    clearErrors(form);
    return result;
  } finally {
    if (button) button.disabled = false;
    form.removeAttribute('aria-busy');
  }
}

/**
 * Asks for confirmation in a modal dialog; resolves true when confirmed.
 * @param {string} message
 * @param {string} [action] the confirm button's text
 */
export function confirmDialog(message, action = 'Delete') {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'confirm-text' },
      h('form', { method: 'dialog' },
        h('p', { id: 'confirm-text', text: message }),
        h('div', { class: 'actions' },
          h('button', { class: 'button', value: 'cancel', text: 'Cancel', autofocus: true }),
          h('button', { class: 'button danger', value: 'ok', text: action, id: 'confirm-ok' }))));
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'ok');
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

function labelOf(form, input) {
  return form.querySelector(`label[for="${CSS.escape(input.id)}"]`)?.textContent ?? input.name;
}
