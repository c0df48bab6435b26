import { get } from './api.js';
import { h, mount, show, throttle } from './dom.js';

const ATTENTION_SHOWN = 50;

/** @param {string} title @param {[string, number][]} rows @param {string} testid @param {(key: string) => string} [link] */
function countTable(title, rows, testid, link) {
  return h(
    'section',
    { class: 'card', 'data-testid': testid },
    h('h3', null, title),
    rows.length === 0
      ? h('p', { class: 'muted' }, 'none')
      : h(
          'table',
          { class: 'counts' },
          h('tbody', null, rows.map(([key, count]) => h('tr', { 'data-key': key }, h('td', null, link ? h('a', { href: link(key) }, key) : key), h('td', { class: 'num' }, String(count))))),
        ),
  );
}

/**
 * The fleet at a glance: counts by provision state, power state and conductor, and the nodes that need
 * someone. Redrawn from the index at most four times a second, however many events arrive.
 * @param {HTMLElement} el @param {import('./fleet.js').FleetIndex} fleet
 */
export function renderOverview(el, fleet) {
  /** @type {any[]} */
  let conductors = [];
  const draw = () => {
    if (!fleet.loaded) {
      mount(el, h('p', { class: 'muted' }, 'Counting nodes…'));
      return;
    }
    const byConductor = new Map(fleet.countBy('conductor'));
    const conductorRows = /** @type {[string, number][]} */ (conductors.map((c) => [`${c.hostname}${c.alive ? '' : ' (down)'}`, byConductor.get(c.hostname) ?? 0]));
    const attention = fleet.attention();
    mount(
      el,
      h('div', { class: 'cards' },
        h('section', { class: 'card total' }, h('h3', null, 'Nodes'), h('p', { class: 'big', 'data-testid': 'total-nodes' }, String(fleet.nodes.size))),
        countTable('Provision state', fleet.countBy('provision_state'), 'count-provision'),
        countTable('Power state', fleet.countBy('power_state'), 'count-power'),
        countTable('Conductors', conductorRows, 'count-conductor'),
      ),
      h('section', { class: 'card attention', 'data-testid': 'attention' },
        h('h3', null, `Needs attention (${attention.length})`),
        attention.length === 0
          ? h('p', { class: 'muted' }, 'No node has an error, is in maintenance or failed.')
          : h('ul', null, attention.slice(0, ATTENTION_SHOWN).map((n) =>
              h('li', { 'data-uuid': n.uuid },
                h('a', { href: `#/node/${n.uuid}` }, n.name ?? n.uuid), ' ',
                h('span', { class: 'badge' }, show(n.provision_state)),
                n.maintenance ? h('span', { class: 'badge warn' }, 'maintenance') : null,
                n.last_error ? h('span', { class: 'error-text' }, ` ${n.last_error}`) : null))),
        attention.length > ATTENTION_SHOWN ? h('p', { class: 'muted' }, `and ${attention.length - ATTENTION_SHOWN} more`) : null,
      ),
    );
  };
  const redraw = throttle(draw, 250);
  draw();
  void get('/v1/conductors?detail=true').then((body) => {
    conductors = body.conductors;
    redraw();
  }).catch(() => undefined);
  return fleet.subscribe(redraw);
}
