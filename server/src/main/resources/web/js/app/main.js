/**
 * Entry point: decides between the signed-out screen and the workspace of the
 * chosen company, and moves between them (log in, log out, switch company,
 * session ended).
 */
import * as api from './api.js';
import { h, replace } from './dom.js';
import { logout, Session } from './session.js';
import { renderAuth } from './views/auth.js';
import { inviteToken, myInvitations, renderInvite } from './views/invitations.js';
import { openWorkspace } from './workspace.js';

const root = document.getElementById('app');
let workspace = null;
let generation = 0;

/** Shows whatever the current session allows; `notice` is shown on the login screen. */
async function start(notice) {
  const mine = ++generation;
  close();
  let session;
  try {
    session = await Session.load();
  } catch (error) {
    return failure(error);
  }
  if (mine !== generation) return;
  const token = inviteToken();
  if (token) {
    return renderInvite(root, token, {
      session,
      onJoined: (joined) => { leaveInvitation(); enter(joined); },
      onDone: () => { leaveInvitation(); // Opening an invitation link in a tab that already runs the app.
window.addEventListener('hashchange', () => { if (inviteToken()) start(); });

start(); },
    });
  }
  if (!session) return renderAuth(root, enter, { notice });
  enter(session);
}

/** Takes the used link's token out of the address (and the history). */
function leaveInvitation() {
  history.replaceState(null, '', `${location.pathname}${location.search}#/inbox`);
}

/** The account accepted an invitation: act in the company it joined. */
async function joined(companyId) {
  const fresh = await Session.load();
  if (!fresh) return // Opening an invitation link in a tab that already runs the app.
window.addEventListener('hashchange', () => { if (inviteToken()) start(); });

start();
  fresh.switchTo(companyId);
  enter(fresh);
}

/** Opens the workspace of the session's company. */
async function enter(session) {
  const mine = ++generation;
  close();
  if (!session.membership) {
    replace(root, h('main', { class: 'auth', id: 'main' }, h('div', { class: 'auth-card' },
      h('h1', { text: 'No company' }),
      h('p', { text: 'This account belongs to no company yet. Accept an invitation below, or ask an admin to invite you.' }),
      myInvitations((companyId) => joined(companyId)),
      h('button', { type: 'button', class: 'button', text: 'Log out', onClick: signOut }))));
    return;
  }
  replace(root, h('p', { class: 'boot', role: 'status', text: 'Loading your workspace…' }));
  try {
    const opened = await openWorkspace(root, session, {
      onLogout: signOut,
      onSwitchCompany: (companyId) => { if (session.switchTo(companyId)) enter(session); },
      invitations: myInvitations((companyId) => joined(companyId)),
      onSessionLost: () => start('Your session ended or your access changed. Please log in again.'),
    }, () => mine === generation);
    if (mine !== generation) return opened.dispose();
    workspace = opened;
    root.removeAttribute('aria-busy');
  } catch (error) {
    if (mine === generation) failure(error);
  }
}

async function signOut() {
  generation++;
  close();
  await logout();
  start('You are logged out.');
}

function close() {
  workspace?.dispose();
  workspace = null;
}

function failure(error) {
  replace(root, h('main', { class: 'auth', id: 'main' }, h('div', { class: 'auth-card', role: 'alert' },
    h('h1', { text: 'ChatMesh could not load' }),
    h('p', { text: error?.message ?? 'Unknown error.' }),
    h('button', { type: 'button', class: 'button primary', text: 'Try again', onClick: () => start() }))));
}

let lost = false;
api.setUnauthorizedHandler(() => {
  if (lost || !workspace) return;
  lost = true;
  start('Your session ended. Please log in again.').finally(() => { lost = false; });
});

// Opening an invitation link in a tab that already runs the app.
window.addEventListener('hashchange', () => { if (inviteToken()) start(); });

start();
