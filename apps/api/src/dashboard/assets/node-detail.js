import { ApiError, call, get } from './api.js';
import { confirmAction, h, mount, show } from './dom.js';
import { schemaForm } from './schema-form.js';

/** The provision verbs Ironic accepts in each state (its API's `target` names), as offered in the actions. */
const VERBS = {
  enroll: ['manage'],
  manageable: ['provide', 'inspect', 'clean'],
  available: ['manage', 'active'],
  active: ['deleted', 'rebuild'],
  'deploy failed': ['deleted', 'active'],
  'clean failed': ['manage'],
  'inspect failed': ['manage', 'inspect'],
  'adopt failed': ['manage'],
  error: ['deleted', 'rebuild'],
  'clean wait': ['abort'],
  'deploy wait': ['abort'],
  'inspect wait': ['abort'],
};
const VERB_LABELS = { active: 'deploy', deleted: 'undeploy' };
/** How long the page waits for a provision action to settle before it stops watching (a deploy can take long). */
const SETTLE_TIMEOUT_MS = 30 * 60 * 1000;

/**
 * One node: its state and last error first, actions (each confirmed), fields, ports, history, inventory, and its
 * vendor passthru methods with a form per method. Node events for it redraw the state without a reload.
 * @param {HTMLElement} el @param {string} ident
 */
export function renderNodeDetail(el, ident) {
  /** @type {any} */
  let node = null;
  const summary = h('section', { class: 'card', 'data-testid': 'node-summary' });
  const message = h('p', { class: 'message', 'data-testid': 'action-message', role: 'status' });
  const extra = h('div');
  mount(el, h('p', null, h('a', { href: '#/' }, '‹ Fleet')), summary, message, extra);

  const say = (/** @type {string} */ text, isError = false) => {
    mount(message, text);
    message.className = isError ? 'message error-text' : 'message';
  };

  /** Runs an action after the user confirms; shows what the API said. @param {string} question @param {() => Promise<unknown>} action */
  const act = async (question, action) => {
    if (!(await confirmAction(question))) return;
    try {
      say('Sent…');
      await action();
    } catch (error) {
      say(error instanceof Error ? error.message : String(error), true);
    }
  };

  const power = (/** @type {string} */ target) =>
    act(`${target} ${node.name ?? node.uuid}?`, async () => {
      await call('PUT', `/v1/nodes/${node.uuid}/states/power`, { target });
      say(`${target} requested; the state changes as the conductor reports it.`);
    });

  const provision = (/** @type {string} */ target) => {
    let body = { target };
    if (target === 'clean') {
      const text = window.prompt('Clean steps (JSON list), e.g. [{"interface": "deploy", "step": "erase_devices_metadata"}]', '[]');
      if (text === null) return;
      try {
        body = { target, clean_steps: JSON.parse(text) };
      } catch {
        say('The clean steps are not valid JSON.', true);
        return;
      }
    }
    return act(`${VERB_LABELS[target] ?? target} ${node.name ?? node.uuid}?`, async () => {
      await call('PUT', `/v1/nodes/${node.uuid}/states/provision`, body);
      say(`${VERB_LABELS[target] ?? target}: waiting for the node to settle…`);
      const settled = await settle(node.uuid);
      say(settled.last_error ? `Settled in ${settled.provision_state}: ${settled.last_error}` : `Settled in ${settled.provision_state}.`, Boolean(settled.last_error));
    });
  };

  const maintenance = (/** @type {boolean} */ on) =>
    act(on ? `Put ${node.name ?? node.uuid} in maintenance?` : `End maintenance of ${node.name ?? node.uuid}?`, async () => {
      if (on) await call('PUT', `/v1/nodes/${node.uuid}/maintenance`, { reason: window.prompt('Reason (optional)') ?? undefined });
      else await call('DELETE', `/v1/nodes/${node.uuid}/maintenance`);
      say(on ? 'In maintenance.' : 'Maintenance ended.');
    });

  const drawSummary = () => {
    const verbs = VERBS[node.provision_state] ?? [];
    mount(summary,
      h('h2', { 'data-testid': 'node-name' }, node.name ?? node.uuid),
      h('p', { class: 'mono muted' }, node.uuid),
      node.last_error ? h('div', { class: 'last-error', 'data-testid': 'node-last-error', role: 'alert' }, h('strong', null, 'Last error: '), node.last_error) : null,
      h('dl', { class: 'states' },
        h('dt', null, 'Power'), h('dd', { 'data-testid': 'node-power-state' }, show(node.power_state), node.target_power_state ? ` → ${node.target_power_state}` : ''),
        h('dt', null, 'Provision'), h('dd', { 'data-testid': 'node-provision-state' }, show(node.provision_state), node.target_provision_state ? ` → ${node.target_provision_state}` : ''),
        h('dt', null, 'Maintenance'), h('dd', { 'data-testid': 'node-maintenance' }, node.maintenance ? `yes${node.maintenance_reason ? ` (${node.maintenance_reason})` : ''}` : 'no'),
        h('dt', null, 'Driver'), h('dd', null, show(node.driver)),
        h('dt', null, 'Conductor'), h('dd', null, show(node.conductor)),
        h('dt', null, 'Inspection'), h('dd', { 'data-testid': 'node-inspection' }, node.inspection_started_at && !node.inspection_finished_at
          ? `running since ${node.inspection_started_at}`
          : node.inspection_finished_at ? `finished ${node.inspection_finished_at}` : 'never')),
      h('div', { class: 'actions' },
        h('span', { class: 'muted' }, 'Power: '),
        h('button', { type: 'button', 'data-testid': 'power-on', onclick: () => void power('power on') }, 'on'),
        h('button', { type: 'button', 'data-testid': 'power-off', onclick: () => void power('power off') }, 'off'),
        h('button', { type: 'button', 'data-testid': 'power-reboot', onclick: () => void power('rebooting') }, 'reboot')),
      h('div', { class: 'actions' },
        h('span', { class: 'muted' }, 'Provision: '),
        verbs.length === 0 ? h('span', { class: 'muted' }, `nothing to do in ${show(node.provision_state)}`) : null,
        verbs.map((v) => h('button', { type: 'button', 'data-testid': `provision-${v}`, onclick: () => void provision(v) }, VERB_LABELS[v] ?? v))),
      h('div', { class: 'actions' },
        h('span', { class: 'muted' }, 'Maintenance: '),
        node.maintenance
          ? h('button', { type: 'button', 'data-testid': 'maintenance-off', onclick: () => void maintenance(false) }, 'end')
          : h('button', { type: 'button', 'data-testid': 'maintenance-on', onclick: () => void maintenance(true) }, 'start')));
  };

  const load = async () => {
    try {
      node = await get(`/v1/nodes/${encodeURIComponent(ident)}`);
    } catch (error) {
      mount(summary, h('p', { class: 'error-text' }, error instanceof Error ? error.message : String(error)));
      if (!(error instanceof ApiError)) throw error;
      return;
    }
    drawSummary();
    mount(extra,
      passthruSection(`/v1/nodes/${node.uuid}/vendor_passthru`, 'Vendor passthru', 'node'),
      passthruSection(`/v1/drivers/${encodeURIComponent(node.driver)}/vendor_passthru`, `Driver passthru (${node.driver})`, 'driver'),
      portsSection(node.uuid),
      historySection(node.uuid),
      inventorySection(node.uuid),
      h('details', { class: 'card' }, h('summary', null, 'All fields'), h('table', { class: 'fields' }, h('tbody', null,
        Object.entries(node).filter(([k]) => k !== 'links').sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => h('tr', null, h('th', null, k), h('td', { class: 'mono' }, show(v))))))));
  };
  void load();

  return {
    /** @param {any} event */
    onEvent(event) {
      if (!node || event.uuid !== node.uuid || !event.type?.startsWith('node.')) return;
      if (event.type === 'node.deleted') {
        say('This node was deleted.', true);
        return;
      }
      const { changed: _changed, ...fields } = event.data ?? {};
      node = { ...node, ...fields };
      drawSummary();
    },
  };
}

/** Polls until the node has no target provision state (the action ended, or failed). @param {string} uuid */
async function settle(uuid) {
  const end = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const node = await get(`/v1/nodes/${uuid}?fields=provision_state,target_provision_state,last_error`);
    if (!node.target_provision_state || Date.now() > end) return node;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** @param {string} base `…/vendor_passthru` of a node or a driver @param {string} title @param {string} scope */
function passthruSection(base, title, scope) {
  const el = h('section', { class: 'card', 'data-testid': `passthru-${scope}` }, h('h3', null, title), h('p', { class: 'muted' }, 'Loading methods…'));
  void get(`${base}/methods`).then(
    (/** @type {Record<string, any>} */ methods) => {
      const names = Object.keys(methods).sort();
      if (names.length === 0) return mount(el, h('h3', null, title), h('p', { class: 'muted' }, 'No methods.'));
      const formSlot = h('div');
      const result = h('pre', { class: 'result', 'data-testid': `passthru-${scope}-result` });
      const picker = /** @type {HTMLSelectElement} */ (h('select', { 'data-testid': `passthru-${scope}-method`, onchange: () => choose(picker.value) }, names.map((n) => h('option', { value: n }, n))));
      const choose = (/** @type {string} */ name) => {
        const info = methods[name];
        const form = schemaForm(info.args_schema);
        const verb = /** @type {HTMLSelectElement} */ (h('select', { 'data-testid': `passthru-${scope}-verb` }, info.http_methods.map((/** @type {string} */ m) => h('option', { value: m }, m))));
        mount(formSlot, h('form', {
          class: 'passthru-form',
          onsubmit: (/** @type {Event} */ e) => {
            e.preventDefault();
            void run(name, verb.value, form, info);
          },
        },
        h('p', { class: 'muted' }, info.description || '', info.async ? ' (asynchronous: answers 202 and runs on the conductor)' : ''),
        form.el,
        h('div', { class: 'actions' }, verb, h('button', { type: 'submit', class: 'primary', 'data-testid': `passthru-${scope}-call` }, `Call ${name}`))));
        mount(result);
      };
      const run = async (/** @type {string} */ name, /** @type {string} */ verb, /** @type {any} */ form, /** @type {any} */ info) => {
        let args;
        try {
          args = form.values();
        } catch (error) {
          return mount(result, `Invalid arguments: ${error instanceof Error ? error.message : String(error)}`);
        }
        if (!(await confirmAction(`Call ${name} (${verb})?`))) return;
        mount(result, 'Calling…');
        try {
          const answer = await call(verb, `${base}?method=${encodeURIComponent(name)}`, verb === 'GET' && Object.keys(args).length === 0 ? undefined : args);
          mount(result, info.async && (answer === '' || answer === undefined) ? 'Accepted: the method runs on the conductor.' : JSON.stringify(answer, null, 2));
          result.className = 'result';
        } catch (error) {
          mount(result, error instanceof Error ? error.message : String(error));
          result.className = 'result error-text';
        }
      };
      mount(el, h('h3', null, title), h('label', null, 'Method ', picker), formSlot, result);
      choose(names[0]);
    },
    (error) => mount(el, h('h3', null, title), h('p', { class: 'muted' }, error instanceof Error ? error.message : String(error))),
  );
  return el;
}

/** @param {string} uuid */
function portsSection(uuid) {
  const el = h('section', { class: 'card', 'data-testid': 'node-ports' }, h('h3', null, 'Ports'));
  void get(`/v1/nodes/${uuid}/ports?fields=uuid,address,pxe_enabled,physical_network`).then(
    ({ ports }) => el.append(ports.length === 0 ? h('p', { class: 'muted' }, 'No ports.') : h('table', null,
      h('thead', null, h('tr', null, ['Address', 'UUID', 'PXE', 'Physical network'].map((t) => h('th', null, t)))),
      h('tbody', null, ports.map((/** @type {any} */ p) => h('tr', null, h('td', { class: 'mono' }, p.address), h('td', { class: 'mono' }, p.uuid), h('td', null, p.pxe_enabled ? 'yes' : 'no'), h('td', null, show(p.physical_network))))))),
    (error) => el.append(h('p', { class: 'muted' }, String(error.message ?? error))),
  );
  return el;
}

/** @param {string} uuid */
function historySection(uuid) {
  const el = h('section', { class: 'card', 'data-testid': 'node-history' }, h('h3', null, 'History'));
  void get(`/v1/nodes/${uuid}/history?detail=true`).then(
    ({ history }) => el.append(history.length === 0 ? h('p', { class: 'muted' }, 'No entries.') : h('table', null,
      h('thead', null, h('tr', null, ['When', 'Severity', 'Type', 'Event', 'User'].map((t) => h('th', null, t)))),
      h('tbody', null, [...history].reverse().map((/** @type {any} */ e) => h('tr', null, h('td', null, show(e.created_at)), h('td', null, show(e.severity)), h('td', null, show(e.event_type)), h('td', null, show(e.event)), h('td', null, show(e.user))))))),
    (error) => el.append(h('p', { class: 'muted' }, String(error.message ?? error))),
  );
  return el;
}

/** @param {string} uuid */
function inventorySection(uuid) {
  const el = h('details', { class: 'card', 'data-testid': 'node-inventory' }, h('summary', null, 'Inventory'));
  void get(`/v1/nodes/${uuid}/inventory`).then(
    (body) => el.append(h('pre', { class: 'result' }, JSON.stringify(body, null, 2))),
    (error) => el.append(h('p', { class: 'muted' }, error instanceof ApiError && error.status === 404 ? 'Not inspected yet: no inventory.' : String(error.message ?? error))),
  );
  return el;
}
