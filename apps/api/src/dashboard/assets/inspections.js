import { get } from './api.js';
import { h, mount, show } from './dom.js';

const PAGE = 50;

/**
 * The inspector's runs (GET /v1/ferrum/inspections), newest first, 50 a page; the page follows the event stream's
 * `inspection.updated` events, reading its runs again (at most twice a second) when one of them changes.
 * @param {HTMLElement} el
 * @returns {{ onEvent: (event: any) => void }}
 */
export function renderInspections(el) {
  /** @type {string[]} the markers of the pages before this one */
  const before = [];
  /** @type {string | undefined} */
  let marker;
  /** @type {string | undefined} */
  let next;
  let pending = false;
  const card = h('section', { class: 'card', 'data-testid': 'inspections' }, h('h3', null, 'Inspection runs'), h('p', { class: 'muted' }, 'Loading…'));
  mount(el, card);

  const load = async () => {
    const query = new URLSearchParams({ limit: String(PAGE), ...(marker ? { marker } : {}) });
    try {
      const page = await get(`/v1/ferrum/inspections?${query}`);
      next = page.next;
      draw(page.inspections);
    } catch (error) {
      mount(card, h('h3', null, 'Inspection runs'), h('p', { class: 'error-text' }, String(error instanceof Error ? error.message : error)));
    }
  };

  /** @param {any[]} runs */
  const draw = (runs) => {
    mount(card, h('h3', null, 'Inspection runs'),
      runs.length === 0 ? h('p', { class: 'muted' }, 'No inspection has run.') : h('table', null,
        h('thead', null, h('tr', null, ['Node', 'State', 'Dialect', 'Boot', 'Started', 'Finished', 'Error'].map((t) => h('th', null, t)))),
        h('tbody', null, runs.map((r) => h('tr', { 'data-node': r.node_uuid, 'data-state': r.state },
          h('td', null, h('a', { href: `#/node/${encodeURIComponent(r.node_uuid)}` }, r.node_name ?? r.node_uuid)),
          h('td', null, r.state),
          h('td', null, r.dialect),
          h('td', null, r.manage_boot ? 'inspector' : 'conductor'),
          h('td', null, show(r.started_at)),
          h('td', null, show(r.finished_at)),
          h('td', { class: r.error ? 'error-text' : '' }, show(r.error)))))),
      h('div', { class: 'pager' },
        h('button', { type: 'button', disabled: before.length === 0, onclick: () => { marker = before.pop(); void load(); } }, '‹ Previous'),
        h('button', { type: 'button', disabled: !next, onclick: () => { before.push(marker ?? ''); marker = next; void load(); } }, 'Next ›')));
  };

  void load();
  return {
    onEvent: (event) => {
      if (event.type !== 'inspection.updated' || pending) return;
      pending = true;
      setTimeout(() => {
        pending = false;
        void load();
      }, 500);
    },
  };
}
