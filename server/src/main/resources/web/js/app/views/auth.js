/**
 * The signed-out screen: log in, or sign up a new company with its first admin.
 */
import { h, replace } from '../dom.js';
import { field, showErrors, submitting, values } from '../forms.js';
import { login, signup } from '../session.js';
import { logo } from './logo.js';

/**
 * Renders into `root`; calls `onSession(session)` once logged in.
 * @param {HTMLElement} root
 * @param {(session: import('../session.js').Session) => void} onSession
 * @param {{mode?: 'login'|'signup', notice?: string}} [options]
 */
export function renderAuth(root, onSession, { mode = 'login', notice } = {}) {
  const isLogin = mode === 'login';
  const form = isLogin ? loginForm(onSession) : signupForm(onSession);
  const switcher = h('p', { class: 'auth-switch' },
    isLogin ? 'New to ChatMesh? ' : 'Already have an account? ',
    h('button', { type: 'button', class: 'link-button', id: isLogin ? 'show-signup' : 'show-login',
      text: isLogin ? 'Create a company' : 'Log in',
      onClick: () => renderAuth(root, onSession, { mode: isLogin ? 'signup' : 'login' }) }));
  replace(root, h('main', { class: 'auth', id: 'main' },
    h('div', { class: 'auth-card' },
      h('div', { class: 'auth-brand' }, logo(), h('span', { text: 'ChatMesh' })),
      h('h1', { text: isLogin ? 'Log in' : 'Create your company' }),
      h('p', { class: 'muted', text: isLogin ? 'Your team’s customers, notes and activity — live.'
        : 'You will be its first admin and can invite your team next.' }),
      notice ? h('p', { class: 'notice', role: 'status', text: notice }) : null,
      form, switcher)));
  document.title = isLogin ? 'Log in · ChatMesh' : 'Sign up · ChatMesh';
  form.querySelector('input')?.focus();
}

function loginForm(onSession) {
  const form = h('form', { class: 'stack', id: 'login-form', novalidate: true },
    field('E-mail', h('input', { name: 'email', type: 'email', autocomplete: 'username', required: true })),
    field('Password', h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
    h('button', { class: 'button primary wide', type: 'submit', text: 'Log in' }));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = values(form);
    submitting(form, login(v.email, form.elements.password.value))
      .then(onSession, (error) => showErrors(form, error));
  });
  return form;
}

function signupForm(onSession) {
  const form = h('form', { class: 'stack', id: 'signup-form', novalidate: true },
    field('Company name', h('input', { name: 'companyName', autocomplete: 'organization', required: true, maxlength: 200 })),
    field('Your name', h('input', { name: 'name', autocomplete: 'name', required: true, maxlength: 200 })),
    field('E-mail', h('input', { name: 'email', type: 'email', autocomplete: 'email', required: true })),
    field('Password', h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true, minlength: 8 }),
      'At least 8 characters.'),
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
    h('button', { class: 'button primary wide', type: 'submit', text: 'Create company' }));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = values(form);
    submitting(form, signup({ ...v, password: form.elements.password.value }))
      .then(onSession, (error) => showErrors(form, error));
  });
  return form;
}
