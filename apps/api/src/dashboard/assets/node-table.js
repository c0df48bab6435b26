import { ApiError, get } from './api.js';
import { h, mount, show } from './dom.js';

const TABLE_FIELDS = 'uuid,name,power_state,target_power_state,provision_state,target_provision_state,maintenance,last_error,conductor,driver';
const PAGE_SIZE = 50;
/** When a filter the API lacks is on (power state, has an error), the API is read this many nodes at a time. */
const SCAN_PAGE = 500;
const PROVISION_STATES = ['enroll', 'verifying', 'manageable', 'inspecting', 'inspect wait', 'inspect failed', 'cleaning', 'clean wait', 'clean failed', 'available', 'deploying', 'wait call-back', 'deploy failed', 'active', 'deleting', 'error', 'rescue', 'rescue failed', 'service failed'];
const MAC = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i;

/**
 * The node list: the API's own filters (provision state, maintenance, driver, conductor) and paging
 * (`limit`/`marker`, a few `fields`), so 10,000 nodes cost one page at a time. Filters the API has not (power
 * state, "has an error") read the API further until the page is full. Rows update in place from node events.
 * @param {HTMLElement} el
 * @param {{ conductor?: string }} [initial]
 */
export function renderNodeTable(el, initial = {}) {
  const state = {
    filters: { provision_state: '', maintenance: '', power_state: '', errors: false, conductor: initial.conductor ?? '' },
    /** markers of the pages before this one: Previous pops */
    history: /** @type {string[]} */ ([]),
    marker: '',
    /** @type {string | null} */
    next: null,
    /** @type {any[]} */
    rows: [],
    search: '',
    loading: false,
    /** @type {string | null} */
    error: null,
  };
  const body = h('tbody');
  const status = h('span', { class: 'muted', 'data-testid': 'table-status' });
  const prev = h('button', { type: 'button', 'data-testid': 'page-prev', onclick: () => void page(state.history.pop() ?? '') }, '‹ Previous');
  const next = h('button', { type: 'button', 'data-testid': 'page-next', onclick: () => { state.history.push(state.marker); void page(state.next ?? ''); } }, 'Next ›');

  const select = (/** @type {string} */ name, /** @type {string[]} */ options, /** @type {string} */ label) =>
    h('label', null, label, ' ',
      h('select', { name, 'data-testid': `filter-${name}`, onchange: (/** @type {Event} */ e) => { state.filters[name] = /** @type {HTMLSelectElement} */ (e.target).value; void page(''); state.history = []; } },
        h('option', { value: '' }, 'any'),
        options.map((o) => h('option', { value: o }, o))));
  const searchInput = h('input', { type: 'search', name: 'search', placeholder: 'name, UUID or MAC', 'data-testid': 'search-input' });
  const form = h('form', { class: 'filters', onsubmit: (/** @type {Event} */ e) => { e.preventDefault(); void search(/** @type {HTMLInputElement} */ (searchInput).value.trim()); } },
    select('provision_state', PROVISION_STATES, 'Provision'),
    select('maintenance', ['true', 'false'], 'Maintenance'),
    select('power_state', ['power on', 'power off', 'none'], 'Power'),
    h('label', null, h('input', { type: 'checkbox', 'data-testid': 'filter-errors', onchange: (/** @type {Event} */ e) => { state.filters.errors = /** @type {HTMLInputElement} */ (e.target).checked; state.history = []; void page(''); } }), ' with last_error'),
    state.filters.conductor ? h('span', { class: 'badge' }, `conductor ${state.filters.conductor}`) : null,
    searchInput,
    h('button', { type: 'submit', 'data-testid': 'search-button' }, 'Search'),
    h('button', { type: 'button', 'data-testid': 'search-clear', onclick: () => { /** @type {HTMLInputElement} */ (searchInput).value = ''; state.search = ''; state.history = []; void page(''); } }, 'Clear'));

  mount(el,
    h('section', { class: 'card' },
      h('h3', null, 'Nodes'),
      form,
      h('table', { class: 'nodes', 'data-testid': 'node-table' },
        h('thead', null, h('tr', null, ['Name', 'UUID', 'Power', 'Provision', 'Maintenance', 'Conductor', 'Last error'].map((t) => h('th', null, t)))),
        body),
      h('div', { class: 'pager' }, prev, status, next)));

  const row = (/** @type {any} */ n) =>
    h('tr', { 'data-uuid': n.uuid, class: n.last_error ? 'has-error' : '' },
      h('td', null, h('a', { href: `#/node/${n.uuid}`, 'data-testid': 'node-link' }, n.name ?? n.uuid.slice(0, 8))),
      h('td', { class: 'mono' }, n.uuid),
      h('td', { 'data-field': 'power_state' }, show(n.power_state), n.target_power_state ? ` → ${n.target_power_state}` : ''),
      h('td', { 'data-field': 'provision_state' }, show(n.provision_state), n.target_provision_state ? ` → ${n.target_provision_state}` : ''),
      h('td', { 'data-field': 'maintenance' }, n.maintenance ? 'yes' : 'no'),
      h('td', null, show(n.conductor)),
      h('td', { class: 'error-text', 'data-field': 'last_error' }, n.last_error ?? ''));

  const draw = () => {
    mount(body, state.rows.map(row));
    /** @type {HTMLButtonElement} */ (prev).disabled = state.loading || state.search !== '' || state.history.length === 0;
    /** @type {HTMLButtonElement} */ (next).disabled = state.loading || state.search !== '' || !state.next;
    mount(status, state.error ? h('span', { class: 'error-text' }, state.error) : state.loading ? 'loading…' : state.search ? `${state.rows.length} found for “${state.search}”` : `page ${state.history.length + 1}, ${state.rows.length} nodes`);
  };

  const serverQuery = () => {
    const f = state.filters;
    const q = new URLSearchParams({ fields: TABLE_FIELDS });
    if (f.provision_state) q.set('provision_state', f.provision_state);
    if (f.maintenance) q.set('maintenance', f.maintenance);
    if (f.conductor) q.set('conductor', f.conductor);
    return q;
  };
  const keep = (/** @type {any} */ n) => {
    const f = state.filters;
    if (f.power_state && show(n.power_state) !== (f.power_state === 'none' ? '—' : f.power_state)) return false;
    if (f.errors && !n.last_error) return false;
    return true;
  };
  const clientFiltered = () => state.filters.power_state !== '' || state.filters.errors;

  /** Loads the page after `marker` ('' for the first). @param {string} marker */
  async function page(marker) {
    state.search = '';
    state.loading = true;
    state.error = null;
    draw();
    try {
      /** @type {any[]} */
      const rows = [];
      let after = marker;
      let more = true;
      const limit = clientFiltered() ? SCAN_PAGE : PAGE_SIZE + 1;
      while (rows.length <= PAGE_SIZE && more) {
        const q = serverQuery();
        q.set('limit', String(limit));
        if (after) q.set('marker', after);
        const { nodes, next: following } = await get(`/v1/nodes?${q}`);
        for (const n of nodes) if (keep(n)) rows.push(n);
        // `next` rather than a full page: the server may cap `limit` lower (FERRUM_MAX_LIMIT).
        more = Boolean(following) && nodes.length > 0;
        if (nodes.length) after = nodes[nodes.length - 1].uuid;
      }
      state.rows = rows.slice(0, PAGE_SIZE);
      // The next page starts after the last node shown: nodes the scan read past it are read again, not skipped.
      state.next = rows.length > PAGE_SIZE ? state.rows[state.rows.length - 1].uuid : null;
      state.marker = marker;
    } catch (error) {
      state.error = error instanceof Error ? error.message : String(error);
      state.rows = [];
      if (!(error instanceof ApiError)) throw error;
    } finally {
      state.loading = false;
      draw();
    }
  }

  /** A name or UUID is a node lookup; a MAC finds the node through its port. @param {string} text */
  async function search(text) {
    if (!text) return page('');
    state.loading = true;
    state.error = null;
    draw();
    try {
      if (MAC.test(text)) {
        const { ports } = await get(`/v1/ports?address=${encodeURIComponent(text.toLowerCase().replaceAll('-', ':'))}&fields=uuid,node_uuid`);
        state.rows = await Promise.all(ports.map((/** @type {any} */ p) => get(`/v1/nodes/${p.node_uuid}?fields=${TABLE_FIELDS}`)));
      } else {
        state.rows = [await get(`/v1/nodes/${encodeURIComponent(text)}?fields=${TABLE_FIELDS}`)];
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      state.rows = [];
      if (error.status !== 404) state.error = error.message;
    } finally {
      state.search = text;
      state.loading = false;
      draw();
    }
  }

  void page('');
  return {
    /** A node event: a shown row takes the new values at once. @param {any} event */
    onEvent(event) {
      if (!event.type?.startsWith('node.')) return;
      const i = state.rows.findIndex((n) => n.uuid === event.uuid);
      if (i === -1) return;
      if (event.type === 'node.deleted') state.rows.splice(i, 1);
      else {
        const { changed: _changed, ...fields } = event.data ?? {};
        state.rows[i] = { ...state.rows[i], ...fields };
      }
      const tr = body.querySelector(`tr[data-uuid="${event.uuid}"]`);
      if (tr && event.type !== 'node.deleted') {
        const fresh = row(state.rows[i]);
        fresh.classList.add('flash');
        tr.replaceWith(fresh);
      } else draw();
    },
  };
}
