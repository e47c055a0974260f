/**
 * The customers page: a searchable list beside the selected customer's detail.
 * Rows are keyed by id and updated in place, so a change from a colleague never
 * steals focus or scroll position.
 */
import * as api from '../api.js';
import { avatar, h, reconcile, replace } from '../dom.js';
import { showErrors, submitting } from '../forms.js';
import { go } from '../router.js';
import { customerDetail } from './customer-detail.js';
import { customerFields, customerBody } from './customer-form.js';
import { detailPane } from './split.js';

/**
 * @param {HTMLElement} main
 * @param {{store: import('../store.js').Store, session: object}} ctx
 * @returns {{show: (id: string|null) => void, dispose: () => void}}
 */
export function customersPage(main, ctx) {
  const { store } = ctx;
  const rows = new Map();
  const list = h('ul', { class: 'customer-list', id: 'customer-list', 'aria-label': 'Customers' });
  const empty = h('p', { class: 'empty', hidden: true });
  const count = h('span', { class: 'muted', id: 'customer-count' });
  const search = h('input', { type: 'search', id: 'customer-search', placeholder: 'Search name, e-mail, phone',
    'aria-label': 'Search customers', onInput: () => { render(); searchServer(); } });
  const pane = h('section', { class: 'pane detail-pane', id: 'customer-detail-pane', 'aria-live': 'polite' });
  const detail = detailPane(pane, (id) => customerDetail(pane, id, ctx),
    'Select a customer to see their details and notes.');
  let selected = null;

  const split = h('div', { class: 'split' },
    h('section', { class: 'pane list-pane', 'aria-labelledby': 'customers-title' },
      h('div', { class: 'pane-head' },
        h('h1', { id: 'customers-title' }, 'Customers', count),
        h('button', { type: 'button', class: 'button primary', id: 'new-customer', text: 'New customer',
          onClick: () => createDialog(store) })),
      h('div', { class: 'search' }, search),
      list, empty),
    pane);
  replace(main, split);

  function matches(c, q) {
    return !q || [c.name, c.email, c.phone, ...(c.tags ?? [])].some((v) => v && String(v).toLowerCase().includes(q));
  }

  function render() {
    const q = search.value.trim().toLowerCase();
    const shown = [...store.customers.values()].filter((c) => matches(c, q)).sort((a, b) => b.id - a.id);
    reconcile(list, shown, (c) => String(c.id), (c) => c, rowFor, rows);
    for (const [id, row] of rows) row.el.querySelector('a').toggleAttribute('aria-current', id === selected);
    const total = store.customersTotal;
    count.textContent = store.customers.size < total ? `${store.customers.size} of ${total}` : String(total);
    empty.hidden = shown.length > 0;
    empty.textContent = q ? 'No customer matches the search.' : 'No customers yet. Add the first one.';
  }

  // Only part of a large list is loaded: ask the server too, and merge what it finds.
  let searchTimer = null;
  function searchServer() {
    clearTimeout(searchTimer);
    const q = search.value.trim();
    if (!q || store.customers.size >= store.customersTotal) return;
    searchTimer = setTimeout(() => {
      api.get(`/api/customers?limit=200&q=${encodeURIComponent(q)}`)
        .then((page) => store.putCustomers(page.items), () => {});
    }, 250);
  }

  const off = store.on('customers', render);
  render();
  return {
    show(id) {
      selected = id;
      split.classList.toggle('has-selection', id !== null);
      render();
      detail.show(id);
    },
    dispose() {
      off();
      clearTimeout(searchTimer);
      detail.dispose();
    },
  };
}

function rowFor(c) {
  const assignee = c.assignedEmployee?.name;
  return h('li', { class: 'customer-row', dataset: { id: c.id } },
    h('a', { href: `#/customers/${c.id}` },
      avatar(c),
      h('span', { class: 'row-text' },
        h('span', { class: 'row-title customer-name', text: c.name }),
        h('span', { class: 'row-sub', text: c.email || c.phone || '—' })),
      h('span', { class: `chip${assignee ? '' : ' chip-empty'}`, title: assignee ? `Assigned to ${assignee}` : 'Unassigned',
        text: assignee ?? 'Unassigned' })));
}

function createDialog(store) {
  const form = h('form', { class: 'stack', id: 'customer-create-form', novalidate: true },
    h('h2', { text: 'New customer' }),
    customerFields({}),
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button', text: 'Cancel', onClick: () => dialog.close() }),
      h('button', { type: 'submit', class: 'button primary', text: 'Add customer' })));
  const dialog = h('dialog', { class: 'dialog', 'aria-label': 'New customer' }, form);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submitting(form, api.post('/api/customers', customerBody(form)))
      .then((created) => {
        store.putCustomers([created]);
        dialog.close();
        go('customers', created.id);
      }, (error) => showErrors(form, error));
  });
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
