/**
 * A customer's notes: add, edit, pin and delete, kept live from the store.
 * Note bodies are plain text shown with their line breaks.
 */
import * as api from '../api.js';
import { avatar, h, reconcile, timeEl } from '../dom.js';
import { confirmDialog, field, showErrors, submitting } from '../forms.js';

/**
 * @param {string} customerId
 * @param {{store: import('../store.js').Store, session: import('../session.js').Session}} ctx
 * @returns {{el: HTMLElement, dispose: () => void}}
 */
export function notesSection(customerId, { store, session }) {
  const list = h('ul', { class: 'notes', id: 'notes' });
  const status = h('p', { class: 'muted', role: 'status' });
  const editing = new Map(); // note id → its open edit form
  const rendered = new Map();
  const body = h('textarea', { name: 'body', rows: 3, required: true, maxlength: 20000, placeholder: 'Write a note…' });
  const form = h('form', { class: 'note-form', id: 'note-form', novalidate: true },
    field('New note', body),
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary', id: 'add-note', text: 'Add note' })));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submitting(form, api.post('/api/notes', { customerId: Number(customerId), body: body.value }))
      .then((note) => {
        store.putNotes(customerId, [note]);
        form.reset();
        body.focus();
      }, (error) => showErrors(form, error));
  });
  const el = h('section', { class: 'notes-section', 'aria-labelledby': 'notes-title' },
    h('h3', { id: 'notes-title', text: 'Notes' }), form, status, list);

  const mayChange = (n) => session.isAdmin || String(n.authorId) === String(session.employeeId);

  function render() {
    const notes = store.notesOf(customerId);
    const keep = new Set(notes.map((n) => String(n.id)));
    for (const id of editing.keys()) if (!keep.has(id)) editing.delete(id);
    reconcile(list, notes, (n) => String(n.id), (n) => editing.get(String(n.id)) ?? n,
      (n) => editing.get(String(n.id)) ?? item(n), rendered);
    status.textContent = store.notesLoaded.has(customerId) && notes.length === 0 ? 'No notes yet.' : '';
  }

  function item(n) {
    const who = n.author?.name ?? 'Someone';
    return h('li', { class: `note${n.pinned ? ' pinned' : ''}`, dataset: { id: n.id } },
      h('div', { class: 'note-head' },
        avatar(n.author, 'sm'),
        h('strong', { class: 'note-author', text: who }),
        timeEl(n.createdAt),
        n.version > 1 ? h('span', { class: 'muted', text: '· edited' }) : null,
        n.pinned ? h('span', { class: 'tag', text: 'Pinned' }) : null),
      h('p', { class: 'note-body', text: n.body }),
      mayChange(n) ? h('div', { class: 'note-actions' },
        h('button', { type: 'button', class: 'link-button', text: 'Edit', 'aria-label': `Edit note by ${who}`, onClick: () => edit(n) }),
        h('button', { type: 'button', class: 'link-button', text: n.pinned ? 'Unpin' : 'Pin', onClick: () => save(n, { pinned: !n.pinned }) }),
        h('button', { type: 'button', class: 'link-button danger', text: 'Delete', 'aria-label': `Delete note by ${who}`, onClick: () => remove(n) }))
        : null);
  }

  function edit(n) {
    const text = h('textarea', { name: 'body', rows: 3, value: n.body, required: true, maxlength: 20000 });
    const editForm = h('form', { class: 'note-edit', novalidate: true },
      field('Edit note', text),
      h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button', text: 'Cancel', onClick: () => { editing.delete(String(n.id)); render(); } }),
        h('button', { type: 'submit', class: 'button primary', text: 'Save note' })));
    editForm.addEventListener('submit', (ev) => {
      ev.preventDefault();
      submitting(editForm, save(n, { body: text.value }, true))
        .then(() => { editing.delete(String(n.id)); render(); }, (error) => showErrors(editForm, error));
    });
    editing.set(String(n.id), h('li', { class: 'note editing', dataset: { id: n.id } }, editForm));
    render();
    text.focus();
  }

  async function save(n, changes, rethrow = false) {
    try {
      const current = store.notes.get(String(n.id)) ?? n;
      store.putNotes(customerId, [await api.put(`/api/notes/${n.id}`, { ...changes, version: current.version })]);
    } catch (error) {
      if (error.status === 409) {
        error.message = 'Someone else changed this note first; their version is shown. Try again.';
        await reload();
      }
      if (rethrow) throw error;
      status.textContent = error.message;
    }
  }

  async function remove(n) {
    if (!await confirmDialog('Delete this note? This cannot be undone.')) return;
    try {
      await api.del(`/api/notes/${n.id}`);
      store.removeLocally('note', n.id);
    } catch (error) {
      status.textContent = error.message;
    }
  }

  function reload() {
    return api.list(`/api/notes?customerId=${encodeURIComponent(customerId)}`)
      .then(({ items }) => store.putNotes(customerId, items))
      .catch((error) => { status.textContent = error.message; });
  }

  const off = store.on('notes', (d) => {
    if (d.cleared) reload();
    if (!d.customerId || d.customerId === customerId) render();
  });
  if (!store.notesLoaded.has(customerId)) reload();
  render();
  return { el, dispose: off };
}
