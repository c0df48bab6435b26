import { get } from './api.js';
import { h, mount, show } from './dom.js';
import { renderNodeTable } from './node-table.js';

/**
 * The conductors (GET /v1/conductors) with how many nodes each holds (from the fleet index), and one
 * conductor's nodes through the node list's `conductor` filter.
 * @param {HTMLElement} el @param {import('./fleet.js').FleetIndex} fleet @param {string} [hostname]
 */
export function renderConductors(el, fleet, hostname) {
  const list = h('section', { class: 'card', 'data-testid': 'conductors' }, h('h3', null, 'Conductors'), h('p', { class: 'muted' }, 'Loading…'));
  const nodes = h('div');
  mount(el, list, nodes);
  void get('/v1/conductors?detail=true').then(
    ({ conductors }) => {
      const counts = new Map(fleet.countBy('conductor'));
      mount(list, h('h3', null, 'Conductors'), h('table', null,
        h('thead', null, h('tr', null, ['Hostname', 'Alive', 'Group', 'Drivers', 'Nodes', 'Updated'].map((t) => h('th', null, t)))),
        h('tbody', null, conductors.map((/** @type {any} */ c) => h('tr', { 'data-hostname': c.hostname },
          h('td', null, h('a', { href: `#/conductors/${encodeURIComponent(c.hostname)}` }, c.hostname)),
          h('td', null, c.alive ? 'yes' : h('span', { class: 'error-text' }, 'no')),
          h('td', null, show(c.conductor_group)),
          h('td', null, show((c.drivers ?? []).join(', '))),
          h('td', { class: 'num' }, String(counts.get(c.hostname) ?? 0)),
          h('td', null, show(c.updated_at)))))));
    },
    (error) => mount(list, h('h3', null, 'Conductors'), h('p', { class: 'error-text' }, String(error.message ?? error))),
  );
  return hostname ? renderNodeTable(nodes, { conductor: hostname }) : null;
}
