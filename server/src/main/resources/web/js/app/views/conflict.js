/**
 * A save refused with 409: the colleague's values beside the person's own, field
 * by field, each to keep or to take. Fields only the colleague changed start as
 * "theirs" (the person did not touch them); fields both changed differently start
 * unchosen, and nothing is saved until every one is chosen. Never a silent overwrite.
 */
import { h } from '../dom.js';

/**
 * Compares three versions of an object's fields.
 * @param {{name: string, label: string}[]} fields
 * @param {object} base what the person started editing from
 * @param {object} mine what the form holds now
 * @param {object} theirs what the server holds now
 * @returns {{name: string, label: string, mine: string, theirs: string, pick: 'mine'|'theirs'|null}[]}
 *   one row per field the colleague changed
 */
export function conflicts(fields, base, mine, theirs) {
  const rows = [];
  for (const { name, label } of fields) {
    const b = text(base?.[name]);
    const m = text(mine?.[name]);
    const t = text(theirs?.[name]);
    if (t === b) continue; // only we changed it (or nobody did): ours stands
    const pick = m === b || m === t ? 'theirs' : null;
    rows.push({ name, label, mine: m, theirs: t, pick });
  }
  return rows;
}

/** A field's value as shown and compared: lists joined, empty for null. */
export function text(value) {
  if (Array.isArray(value)) return value.join(', ');
  return value == null ? '' : String(value);
}

/**
 * The panel; `onPick(name, value)` runs whenever a choice puts a value in the form.
 * @param {ReturnType<typeof conflicts>} rows
 * @param {(name: string, value: string) => void} onPick
 * @returns {{el: HTMLElement, unresolved: () => string[]}}
 */
export function conflictPanel(rows, onPick) {
  const radios = new Map();
  const choose = (row, side) => {
    row.pick = side;
    radios.get(`${row.name}-${side}`).checked = true;
    onPick(row.name, side === 'mine' ? row.mine : row.theirs);
  };
  const option = (row, side, value) => {
    const id = `pick-${row.name}-${side}`;
    const input = h('input', { type: 'radio', name: `pick-${row.name}`, id, value: side, checked: row.pick === side,
      onChange: () => choose(row, side) });
    radios.set(`${row.name}-${side}`, input);
    return h('label', { class: `pick pick-${side}`, for: id }, input,
      h('span', { class: 'pick-side', text: side === 'mine' ? 'Yours' : 'Theirs' }),
      h('span', { class: 'pick-value', dataset: { value }, text: value || '(empty)' }));
  };
  const el = h('section', { class: 'conflict', id: 'conflict', role: 'group', 'aria-labelledby': 'conflict-title' },
    h('h3', { id: 'conflict-title', text: 'A colleague saved this customer while you were editing' }),
    h('p', { text: 'Choose, field by field, whether to keep your value or take theirs. Nothing is saved until you save again.' }),
    h('div', { class: 'conflict-rows' }, rows.map((row) => h('fieldset', { class: 'conflict-row', dataset: { field: row.name } },
      h('legend', { text: row.label }),
      option(row, 'mine', row.mine), option(row, 'theirs', row.theirs)))),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button', id: 'keep-all-mine', text: 'Keep all mine',
        onClick: () => rows.forEach((r) => choose(r, 'mine')) }),
      h('button', { type: 'button', class: 'button', id: 'take-all-theirs', text: 'Take all theirs',
        onClick: () => rows.forEach((r) => choose(r, 'theirs')) })));
  for (const row of rows) if (row.pick) onPick(row.name, row.pick === 'mine' ? row.mine : row.theirs);
  return { el, unresolved: () => rows.filter((r) => !r.pick).map((r) => r.label) };
}
