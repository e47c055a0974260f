/**
 * The invited person's side: the account's pending invitations from every
 * company (accept or decline), and the page an invitation link opens,
 * `#/invite/TOKEN`: join as a new account with your own name and password, or,
 * when the address already has an account, log in with it and accept.
 */
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { field, showErrors, submitting, values } from '../forms.js';
import { login, Session } from '../session.js';
import { logo } from './logo.js';

/** The token of the invitation link in the address, or null. */
export function inviteToken() {
  const match = /^#\/invite\/([A-Za-z0-9_-]{20,200})$/.exec(location.hash);
  return match ? match[1] : null;
}

/**
 * The account's pending invitations with Accept and Decline; hidden while there are none.
 * @param {(companyId: string) => void} onJoined after an acceptance, with the company joined
 * @returns {HTMLElement}
 */
export function myInvitations(onJoined) {
  const list = h('div', { class: 'stack', id: 'my-invitations' });
  const el = h('section', { class: 'my-invitations', 'aria-labelledby': 'my-invitations-title', hidden: true },
    h('h2', { id: 'my-invitations-title', text: 'Invitations' }), list);
  const item = (i) => {
    const error = h('p', { class: 'form-error', role: 'alert' });
    const answer = async (what) => {
      try {
        await api.post(`/api/invitations/${i.id}/${what}`);
        card.remove();
        el.hidden = list.children.length === 0;
        if (what === 'accept') onJoined(String(i.companyId));
      } catch (failure) {
        error.textContent = failure.message;
      }
    };
    const card = h('div', { class: 'invitation', dataset: { id: i.id } },
      h('p', { text: `${i.companyName} invites you as ${i.role === 'admin' ? 'admin' : 'agent'}`
        + (i.invitedBy ? ` (${i.invitedBy}).` : '.') }),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button', text: 'Decline', 'aria-label': `Decline ${i.companyName}`,
          onClick: () => answer('decline') }),
        h('button', { type: 'button', class: 'button primary', text: 'Accept', 'aria-label': `Accept ${i.companyName}`,
          onClick: () => answer('accept') })),
      error);
    return card;
  };
  api.get('/api/invitations').then(({ items }) => {
    replace(list, items.map(item));
    el.hidden = items.length === 0;
  }, () => { /* the list is a courtesy: the workspace works without it */ });
  return el;
}

/**
 * The page of an invitation link.
 * @param {HTMLElement} root
 * @param {string} token
 * @param {{session: Session|null, onJoined: (session: Session) => void, onDone: () => void}} hooks
 *   `onJoined` once a member of the inviting company (acting in it), `onDone` to leave the page
 */
export async function renderInvite(root, token, { session, onJoined, onDone }) {
  const card = h('div', { class: 'auth-card' }, h('div', { class: 'auth-brand' }, logo(), h('span', { text: 'ChatMesh' })),
    h('p', { class: 'boot', role: 'status', text: 'Opening your invitation…' }));
  replace(root, h('main', { class: 'auth', id: 'main' }, card));
  document.title = 'Invitation · ChatMesh';
  let preview;
  try {
    preview = await api.post('/api/invitations/preview', { token });
  } catch (error) {
    card.lastChild.remove();
    card.append(h('h1', { text: 'This invitation cannot be used' }), h('p', { role: 'alert', text: error.message }),
      h('button', { type: 'button', class: 'button primary', text: 'Go to ChatMesh', onClick: onDone }));
    return;
  }
  const invitation = preview.invitation;
  const joined = async (account) => {
    const fresh = account ?? await Session.load();
    fresh.switchTo(invitation.companyId);
    onJoined(fresh);
  };
  const accept = () => api.post(`/api/invitations/${invitation.id}/accept`).then(() => joined());
  card.lastChild.remove();
  card.append(h('h1', { text: `Join ${invitation.companyName}` }),
    h('p', { class: 'muted', text: `${invitation.invitedBy ?? 'An admin'} invites ${invitation.email} as `
      + `${invitation.role === 'admin' ? 'admin' : 'agent'}.` }));

  if (!preview.hasAccount) {
    const form = h('form', { class: 'stack', id: 'redeem-form', novalidate: true },
      field('Your name', h('input', { name: 'name', autocomplete: 'name', required: true, maxlength: 200 })),
      field('Password', h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true, minlength: 8 }),
        'At least 8 characters.'),
      h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
      h('button', { class: 'button primary wide', type: 'submit', text: `Join ${invitation.companyName}` }));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const v = values(form);
      submitting(form, api.post('/api/invitations/redeem', { token, name: v.name, password: form.elements.password.value })
        .then((answer) => joined(new Session(answer)))).catch((error) => showErrors(form, error));
    });
    card.append(form);
    form.querySelector('input').focus();
    return;
  }

  if (session && session.account.email === invitation.email) {
    const error = h('p', { class: 'form-error', role: 'alert' });
    const fail = (failure) => { error.textContent = failure.message; };
    card.append(h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button', id: 'decline-invitation', text: 'Decline',
        onClick: () => api.post(`/api/invitations/${invitation.id}/decline`).then(onDone, fail) }),
      h('button', { type: 'button', class: 'button primary', id: 'accept-invitation', text: 'Accept',
        onClick: () => accept().catch(fail) })), error);
    return;
  }

  const form = h('form', { class: 'stack', id: 'login-form', novalidate: true },
    h('p', { text: `${invitation.email} already has a ChatMesh account: log in with it to accept.` }),
    field('E-mail', h('input', { name: 'email', type: 'email', autocomplete: 'username', required: true, value: invitation.email })),
    field('Password', h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
    h('button', { class: 'button primary wide', type: 'submit', text: 'Log in and accept' }));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = values(form);
    submitting(form, login(v.email, form.elements.password.value).then(accept))
      .catch((error) => showErrors(form, error));
  });
  card.append(form);
  form.elements.password.focus();
}
