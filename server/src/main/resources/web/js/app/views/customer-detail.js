/**
 * One customer: contact details (view and edit), the assigned employee, delete,
 * and the notes. Follows the store, so a colleague's edit, reassignment or
 * deletion shows at once; an edit form in progress is kept, with a notice.
 */
import * as api from '../api.js';
import { avatar, h, replace, timeEl } from '../dom.js';
import { clearErrors, confirmDialog, showErrors, submitting } from '../forms.js';
import { go } from '../router.js';
import { conflictPanel, conflicts } from './conflict.js';
import { customerBody, customerFields } from './customer-form.js';
import { customerConversations } from './customer-conversations.js';
import { notesSection } from './notes.js';

/** The fields a conflict compares, as the form names them. */
const FIELDS = [
  { name: 'name', label: 'Name' }, { name: 'email', label: 'E-mail' },
  { name: 'phone', label: 'Phone' }, { name: 'tags', label: 'Tags' },
];

/**
 * @param {HTMLElement} pane
 * @param {string} id
 * @param {{store: import('../store.js').Store}} ctx
 */
export function customerDetail(pane, id, ctx) {
  const { store } = ctx;
  const head = h('div', { class: 'detail-head' });
  const message = h('p', { class: 'notice', role: 'status', hidden: true });
  const notes = notesSection(id, ctx);
  const conversations = customerConversations(id, ctx);
  let editing = null;

  replace(pane, h('article', { class: 'customer-detail', id: 'customer-detail', dataset: { id } },
    h('a', { href: '#/customers', class: 'narrow-only', text: '← All customers' }),
    message, head, conversations.el, notes.el));

  const note = (text) => {
    message.textContent = text ?? '';
    message.hidden = !text;
  };

  function render() {
    const c = store.customers.get(id);
    if (!c) {
      replace(head, h('h2', { class: 'gone', text: 'This customer no longer exists.' }),
        h('a', { href: '#/customers', class: 'button', text: 'Back to customers' }));
      notes.el.hidden = true;
      conversations.el.hidden = true;
      return;
    }
    if (editing) {
      if (c.version !== editing.version) note('Someone else changed this customer meanwhile. Saving will show you their changes beside yours.');
      return;
    }
    replace(head,
      h('div', { class: 'detail-title' },
        avatar(c, 'lg'),
        h('div', null,
          h('h2', { id: 'customer-name', text: c.name }),
          h('p', { class: 'muted' }, 'Added ', timeEl(c.createdAt), ' · updated ', timeEl(c.updatedAt))),
        h('div', { class: 'detail-actions' },
          h('button', { type: 'button', class: 'button', id: 'edit-customer', text: 'Edit', onClick: startEdit }),
          h('button', { type: 'button', class: 'button danger', id: 'delete-customer', text: 'Delete', onClick: remove }))),
      h('dl', { class: 'facts' },
        fact('E-mail', c.email ? h('a', { href: `mailto:${c.email}`, text: c.email, id: 'customer-email' }) : '—'),
        fact('Phone', c.phone ? h('span', { id: 'customer-phone', text: c.phone }) : '—'),
        fact('Tags', c.tags?.length ? h('span', { class: 'tags' }, c.tags.map((t) => h('span', { class: 'tag', text: t }))) : '—'),
        fact('Assigned to', assignSelect(c))));
  }

  function assignSelect(c) {
    const select = h('select', { id: 'assign-select', 'aria-label': 'Assigned employee' },
      h('option', { value: '', text: 'Unassigned' }),
      [...store.employees.values()].sort((a, b) => a.name.localeCompare(b.name)).map((e) => h('option', {
        value: String(e.id), text: e.title ? `${e.name} — ${e.title}` : e.name,
        selected: String(e.id) === String(c.assignedEmployeeId ?? ''),
      })));
    select.addEventListener('change', () => {
      select.disabled = true;
      api.put(`/api/customers/${id}`, { assignedEmployeeId: select.value ? Number(select.value) : null, version: c.version })
        .then((updated) => { note(null); store.putCustomers([updated]); })
        .catch((error) => {
          note(error.status === 409 ? 'Someone changed this customer just before you; here is the latest. Try again.' : error.message);
          return reload();
        })
        .finally(() => { select.disabled = false; });
    });
    return select;
  }

  function startEdit() {
    const c = store.customers.get(id);
    const actions = h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button', text: 'Cancel', onClick: stopEdit }),
      h('button', { type: 'submit', class: 'button primary', text: 'Save' }));
    const form = h('form', { class: 'stack edit-form', id: 'customer-edit-form', novalidate: true },
      h('h2', { text: 'Edit customer' }),
      customerFields(c),
      h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
      actions);
    editing = { version: c.version, base: c, panel: null };
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const open = editing.panel?.unresolved() ?? [];
      if (open.length) {
        showErrors(form, { message: `Choose yours or theirs for ${open.join(', ')} first.` });
        return;
      }
      submitting(form, api.put(`/api/customers/${id}`, { ...customerBody(form), version: editing.version }))
        .then((updated) => { store.putCustomers([updated]); stopEdit(); }, (error) => {
          if (error.status === 409) return conflict(form, actions);
          showErrors(form, error);
        });
    });
    replace(head, form);
    form.querySelector('input').focus();
  }

  /** Someone saved first: their values beside ours, to choose from (see conflict.js). */
  async function conflict(form, actions) {
    let theirs;
    try {
      theirs = await api.get(`/api/customers/${id}`);
    } catch (error) {
      if (error.status === 404) store.removeLocally('customer', id);
      return showErrors(form, error);
    }
    store.putCustomers([theirs]);
    const rows = conflicts(FIELDS, editing.base, customerBody(form), theirs);
    editing.panel?.el.remove();
    editing = { version: theirs.version, base: theirs, panel: null };
    if (!rows.length) {
      showErrors(form, { message: 'Someone else saved this customer first, without touching what you changed. Save again to add your changes to theirs.' });
      return;
    }
    editing.panel = conflictPanel(rows, (name, value) => { form.elements.namedItem(name).value = value; });
    form.insertBefore(editing.panel.el, actions);
    clearErrors(form);
    note(null);
    editing.panel.el.querySelector('input:not(:checked)')?.focus();
  }

  function stopEdit() {
    editing = null;
    note(null);
    render();
    head.querySelector('#edit-customer')?.focus();
  }

  async function remove() {
    const c = store.customers.get(id);
    if (!c || !await confirmDialog(`Delete ${c.name} and all their notes? This cannot be undone.`)) return;
    try {
      await api.del(`/api/customers/${id}`);
      store.removeLocally('customer', id);
      go('customers');
    } catch (error) {
      note(error.message);
    }
  }

  function reload() {
    return api.get(`/api/customers/${id}`).then((c) => store.putCustomers([c]), (error) => {
      if (error.status === 404) store.removeLocally('customer', id);
    });
  }

  const offCustomers = store.on('customers', (d) => { if (!d.id || d.id === id) render(); });
  const offEmployees = store.on('employees', () => { if (!editing) render(); });
  if (!store.customers.has(id)) {
    replace(head, h('p', { class: 'muted', text: 'Loading…' }));
    reload().then(render);
  } else render();
  return {
    id,
    dispose() {
      offCustomers();
      offEmployees();
      notes.dispose();
      conversations.dispose();
    },
  };
}

function fact(label, value) {
  return h('div', { class: 'fact' }, h('dt', { text: label }), h('dd', null, value));
}
