/**
 * The detail half of a list/detail page: one detail view open at a time in its pane, kept
 * when the same id is shown again, and a placeholder while nothing is selected.
 */
import { h, replace } from '../dom.js';

/**
 * @param {HTMLElement} pane
 * @param {(id: string) => {id: string, dispose: () => void}} open opens the detail of `id` in `pane`
 * @param {string} placeholder the hint shown while nothing is selected
 * @returns {{show: (id: string|null) => void, dispose: () => void}}
 */
export function detailPane(pane, open, placeholder) {
  let detail = null;
  return {
    show(id) {
      if (detail?.id === id && id !== null) return;
      detail?.dispose();
      detail = id ? open(id) : null;
      if (!id) replace(pane, h('div', { class: 'placeholder' }, h('p', { text: placeholder })));
    },
    dispose() {
      detail?.dispose();
    },
  };
}
