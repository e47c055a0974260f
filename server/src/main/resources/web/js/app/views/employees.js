/**
 * The team: everyone sees the list; admins add and remove people and edit
 * anyone; each person edits their own profile.
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
  const status = h('p', { class: 'notice', role: 'status', hidden: true });
  replace(main, h('section', { class: 'pane page', 'aria-labelledby': 'employees-title' },
    h('div', { class: 'pane-head' },
      h('h1', { id: 'employees-title', text: 'Employees' }),
      session.isAdmin ? h('button', { type: 'button', class: 'button primary', id: 'add-employee', text: 'Add employee',
        onClick: () => dialog(null) }) : null),
    status,
    h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('thead', null, h('tr', null, ['Name', 'Title', 'E-mail', 'Phone', 'Role', ''].map((t) =>
        h('th', { scope: 'col', text: t })))),
      body))));

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
    const adding = e === null;
    const form = h('form', { class: 'stack', novalidate: true },
      h('h2', { text: adding ? 'Add employee' : `Edit ${e.name}` }),
      field('Name', h('input', { name: 'name', required: true, maxlength: 200, value: e?.name ?? '' })),
      adding ? field('E-mail', h('input', { name: 'email', type: 'email', required: true })) : null,
      field('Title', h('input', { name: 'title', maxlength: 200, value: e?.title ?? '' })),
      field('Phone', h('input', { name: 'phone', type: 'tel', maxlength: 50, value: e?.phone ?? '' })),
      session.isAdmin ? field('Role', h('select', { name: 'role' },
        h('option', { value: 'agent', text: 'Agent', selected: e?.role !== 'admin' }),
        h('option', { value: 'admin', text: 'Admin', selected: e?.role === 'admin' }))) : null,
      adding ? field('First password', h('input', { name: 'password', type: 'password', autocomplete: 'new-password', minlength: 8 }),
        'Needed when this e-mail has no ChatMesh account yet; share it with them.') : null,
      h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button', text: 'Cancel', onClick: () => dlg.close() }),
        h('button', { type: 'submit', class: 'button primary', text: adding ? 'Add' : 'Save' })));
    const dlg = h('dialog', { class: 'dialog', 'aria-label': adding ? 'Add employee' : 'Edit employee' }, form);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const v = values(form);
      const bodyOut = { name: v.name, title: v.title || null, phone: v.phone || null };
      if (session.isAdmin && (adding || v.role !== e.role)) bodyOut.role = v.role;
      if (adding) Object.assign(bodyOut, { email: v.email, password: form.elements.password.value || undefined });
      else bodyOut.version = store.employees.get(String(e.id))?.version ?? e.version;
      const sent = adding ? api.post('/api/employees', bodyOut) : api.put(`/api/employees/${e.id}`, bodyOut);
      submitting(form, sent).then((saved) => {
        store.putEmployees([saved]);
        dlg.close();
      }, (error) => showErrors(form, error));
    });
    dlg.addEventListener('close', () => dlg.remove());
    document.body.append(dlg);
    dlg.showModal();
  }

  const off = store.on('employees', render);
  render();
  return { show() {}, dispose: off };
}
