/** The customer fields shared by the "new customer" dialog and the edit form. */
import { h } from '../dom.js';
import { field, values } from '../forms.js';

/** Name, e-mail, phone and tags inputs, filled from `customer`. */
export function customerFields(customer) {
  return h('div', { class: 'stack' },
    field('Name', h('input', { name: 'name', required: true, maxlength: 200, autocomplete: 'off', value: customer.name ?? '' })),
    h('div', { class: 'row-2' },
      field('E-mail', h('input', { name: 'email', type: 'email', autocomplete: 'off', value: customer.email ?? '' })),
      field('Phone', h('input', { name: 'phone', type: 'tel', maxlength: 50, autocomplete: 'off', value: customer.phone ?? '' }))),
    field('Tags', h('input', { name: 'tags', autocomplete: 'off', value: (customer.tags ?? []).join(', ') }),
      'Separate tags with commas.'));
}

/** The request body for those inputs (empty optional fields become null). */
export function customerBody(form) {
  const v = values(form);
  return {
    name: v.name,
    email: v.email || null,
    phone: v.phone || null,
    tags: v.tags.split(',').map((t) => t.trim()).filter(Boolean),
  };
}
