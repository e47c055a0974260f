/**
 * The team: everyone sees the list and the pending invitations; admins invite
 * people (nobody joins until they accept), withdraw invitations, remove people
 * and edit anyone; each person edits their own profile.
 */
import * as api from '../api.js';
import { avatar, h, reconcile, replace } from '../dom.js';
import { confirmDialog, field, showErrors, submitting, values } from '../forms.js';

/**
 * @param {HTMLElement} main
 * @param {{store: import('../store.js').Store, session: import('../session.js').Session}} ctx
 * @returns {{show: () => void, dispose: () => void}}
 */
export function employeesPage(main, { store, session }) {
  const rows = new Map();
  const body = h('tbody', { id: 'employee-rows' });
  const pendingRows = new Map();
  const pendingBody = h('tbody', { id: 'invitation-rows' });
  const pending = h('section', { class: 'invitations', 'aria-labelledby': 'invitations-title', hidden: true },
    h('h2', { id: 'invitations-title', text: 'Pending invitations' }),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('thead', null, h('tr', null, ['E-mail', 'Role', 'Invited by', 'Expires', ''].map((t) =>
        h('th', { scope: 'col', text: t })))),
      pendingBody)));
  const status = h('p', { class: 'notice', role: 'status', hidden: true });
  replace(main, h('section', { class: 'pane page', 'aria-labelledby': 'employees-title' },
    h('div', { class: 'pane-head' },
      h('h1', { id: 'employees-title', text: 'Employees' }),
      session.isAdmin ? h('button', { type: 'button', class: 'button primary', id: 'invite-employee', text: 'Invite employee',
        onClick: inviteDialog }) : null),
    status,
    h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('thead', null, h('tr', null, ['Name', 'Title', 'E-mail', 'Phone', 'Role', ''].map((t) =>
        h('th', { scope: 'col', text: t })))),
      body)),
    pending));

  const invitationRow = (i) => h('tr', { dataset: { id: i.id } },
    h('td', { class: 'invitation-email', text: i.email }),
    h('td', null, h('span', { class: `tag${i.role === 'admin' ? ' tag-admin' : ''}`, text: i.role === 'admin' ? 'Admin' : 'Agent' })),
    h('td', { text: i.invitedBy ?? '' }),
    h('td', null, h('time', { datetime: i.expiresAt, text: new Date(i.expiresAt).toLocaleDateString() })),
    h('td', { class: 'row-actions' }, session.isAdmin
      ? h('button', { type: 'button', class: 'link-button danger', text: 'Withdraw', 'aria-label': `Withdraw the invitation of ${i.email}`,
        onClick: () => withdraw(i) })
      : null));

  const canEdit = (e) => session.isAdmin || String(e.id) === String(session.employeeId);
  const row = (e) => h('tr', { dataset: { id: e.id } },
    h('td', null, h('span', { class: 'person' }, avatar(e, 'sm'), h('span', { class: 'employee-name', text: e.name }),
      String(e.id) === String(session.employeeId) ? h('span', { class: 'muted', text: '(you)' }) : null)),
    h('td', { text: e.title ?? '' }),
    h('td', null, h('a', { href: `mailto:${e.email}`, text: e.email })),
    h('td', { text: e.phone ?? '' }),
    h('td', null, h('span', { class: `tag${e.role === 'admin' ? ' tag-admin' : ''}`, text: e.role === 'admin' ? 'Admin' : 'Agent' })),
    h('td', { class: 'row-actions' },
      canEdit(e) ? h('button', { type: 'button', class: 'link-button', text: 'Edit', 'aria-label': `Edit ${e.name}`, onClick: () => dialog(e) }) : null,
      session.isAdmin && String(e.id) !== String(session.employeeId)
        ? h('button', { type: 'button', class: 'link-button danger', text: 'Remove', 'aria-label': `Remove ${e.name}`, onClick: () => remove(e) })
        : null));

  function render() {
    const list = [...store.employees.values()].sort((a, b) => a.name.localeCompare(b.name));
    reconcile(body, list, (e) => String(e.id), (e) => e, row, rows);
  }

  function renderInvitations() {
    const list = [...store.invitations.values()].sort((a, b) => a.id - b.id);
    reconcile(pendingBody, list, (i) => String(i.id), (i) => i, invitationRow, pendingRows);
    pending.hidden = list.length === 0;
  }

  async function withdraw(i) {
    if (!await confirmDialog(`Withdraw the invitation of ${i.email}? Its link stops working.`, 'Withdraw')) return;
    try {
      await api.del(`/api/employees/invitations/${i.id}`);
      store.removeLocally('invitation', i.id);
    } catch (error) {
      status.textContent = error.message;
      status.hidden = false;
    }
  }

  function inviteDialog() {
    const link = h('div', { class: 'stack', id: 'invitation-link', hidden: true });
    const form = h('form', { class: 'stack', novalidate: true },
      h('h2', { text: 'Invite employee' }),
      h('p', { class: 'muted', text: 'They join once they accept. Give them the link you get next; it works once, for 7 days.' }),
      field('E-mail', h('input', { name: 'email', type: 'email', required: true })),
      field('Role', h('select', { name: 'role' },
        h('option', { value: 'agent', text: 'Agent', selected: true }),
        h('option', { value: 'admin', text: 'Admin' }))),
      field('Title', h('input', { name: 'title', maxlength: 200 })),
      h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button', text: 'Cancel', onClick: () => dlg.close() }),
        h('button', { type: 'submit', class: 'button primary', text: 'Invite' })));
    const dlg = h('dialog', { class: 'dialog', 'aria-label': 'Invite employee' }, form, link);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const v = values(form);
      submitting(form, api.post('/api/employees/invitations', { email: v.email, role: v.role, title: v.title || null }))
        .then((issued) => {
          store.putInvitations([issued.invitation]);
          const url = new URL(issued.path, location.href).href;
          const input = h('input', { id: 'invitation-url', readonly: true, value: url, 'aria-label': 'Invitation link' });
          replace(link,
            h('h2', { text: 'Invitation ready' }),
            h('p', { role: 'status', text: `Send this link to ${issued.invitation.email}. It is shown only now.` }),
            input,
            h('div', { class: 'actions' },
              h('button', { type: 'button', class: 'button', text: 'Copy link', onClick: () => {
                input.select();
                navigator.clipboard?.writeText(url).catch(() => {});
              } }),
              h('button', { type: 'button', class: 'button primary', text: 'Done', onClick: () => dlg.close() })));
          form.hidden = true;
          link.hidden = false;
          input.focus();
          input.select();
        }, (error) => showErrors(form, error));
    });
    dlg.addEventListener('close', () => dlg.remove());
    document.body.append(dlg);
    dlg.showModal();
  }

  async function remove(e) {
    if (!await confirmDialog(`Remove ${e.name} from the company? Their customers become unassigned.`, 'Remove')) return;
    try {
      await api.del(`/api/employees/${e.id}`);
      store.removeLocally('employee', e.id);
    } catch (error) {
      status.textContent = error.message;
      status.hidden = false;
    }
  }

  function dialog(e) {
    const form = h('form', { class: 'stack', novalidate: true },
      h('h2', { text: `Edit ${e.name}` }),
      field('Name', h('input', { name: 'name', required: true, maxlength: 200, value: e.name })),
      field('Title', h('input', { name: 'title', maxlength: 200, value: e.title ?? '' })),
      field('Phone', h('input', { name: 'phone', type: 'tel', maxlength: 50, value: e.phone ?? '' })),
      session.isAdmin ? field('Role', h('select', { name: 'role' },
        h('option', { value: 'agent', text: 'Agent', selected: e.role !== 'admin' }),
        h('option', { value: 'admin', text: 'Admin', selected: e.role === 'admin' }))) : null,
      h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button', text: 'Cancel', onClick: () => dlg.close() }),
        h('button', { type: 'submit', class: 'button primary', text: 'Save' })));
    const dlg = h('dialog', { class: 'dialog', 'aria-label': 'Edit employee' }, form);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const v = values(form);
      const bodyOut = { name: v.name, title: v.title || null, phone: v.phone || null };
      if (session.isAdmin && v.role !== e.role) bodyOut.role = v.role;
      bodyOut.version = store.employees.get(String(e.id))?.version ?? e.version;
      submitting(form, api.put(`/api/employees/${e.id}`, bodyOut)).then((saved) => {
        store.putEmployees([saved]);
        dlg.close();
      }, (error) => showErrors(form, error));
    });
    dlg.addEventListener('close', () => dlg.remove());
    document.body.append(dlg);
    dlg.showModal();
  }

  const off = store.on('employees', render);
  const offInvitations = store.on('invitations', renderInvitations);
  render();
  renderInvitations();
  return { show() {}, dispose: () => { off(); offInvitations(); } };
}
