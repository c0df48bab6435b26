import { AuthRequired, forgetCredentials, get, savedCredentials } from './api.js';
import { renderConductors } from './conductors.js';
import { renderInspections } from './inspections.js';
import { h, mount } from './dom.js';
import { FleetIndex } from './fleet.js';
import { renderLogin } from './login.js';
import { renderNodeDetail } from './node-detail.js';
import { renderNodeTable } from './node-table.js';
import { renderOverview } from './overview.js';
import { EventStream } from './sse.js';

const app = /** @type {HTMLElement} */ (document.getElementById('app'));
const streamStatus = /** @type {HTMLElement} */ (document.querySelector('[data-testid="stream-status"]'));
const userSlot = /** @type {HTMLElement} */ (document.querySelector('[data-testid="user"]'));
const fleet = new FleetIndex();
/** @type {{ onEvent?: (event: any) => void } | null} */
let view = null;
/** @type {(() => void) | null} */
let leaveView = null;

const stream = new EventStream({
  onEvent: (event) => {
    fleet.apply(event);
    view?.onEvent?.(event);
  },
  // Events were lost beyond the server's retention: read everything again rather than show stale counts.
  onNotice: (name) => {
    if (name === 'truncated') void fleet.load().catch(() => undefined);
  },
  onStatus: (state, detail) => {
    streamStatus.dataset.state = state;
    streamStatus.textContent = `events: ${state}${detail ? ` (${detail})` : ''}`;
  },
  onAuth: (error) => login(error),
});

/** @param {AuthRequired} error */
function login(error) {
  stream.stop();
  leaveView?.();
  view = null;
  renderLogin(app, error, () => void boot());
}

function drawUser() {
  const saved = savedCredentials();
  if (!saved) return mount(userSlot);
  mount(userSlot, saved.kind === 'basic' ? saved.user : 'token', ' ',
    h('button', { type: 'button', 'data-testid': 'sign-out', onclick: () => { forgetCredentials(); location.reload(); } }, 'Sign out'));
}

function route() {
  leaveView?.();
  leaveView = null;
  const path = decodeURIComponent(location.hash.replace(/^#/, '')) || '/';
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'node' && parts[1]) {
    view = renderNodeDetail(app, parts[1]);
  } else if (parts[0] === 'inspections') {
    view = renderInspections(app);
  } else if (parts[0] === 'conductors') {
    view = renderConductors(app, fleet, parts[1]);
  } else {
    const overview = h('div', { 'data-testid': 'overview' });
    const table = h('div');
    mount(app, overview, table);
    leaveView = renderOverview(overview, fleet);
    view = renderNodeTable(table);
  }
}

/** Counts boots: a sign-in submitted while an earlier one is still checking wins, whichever answer comes last. */
let boots = 0;

/** Checks the credentials (or that none are needed), then starts the stream, the counts and the view. */
async function boot() {
  const mine = ++boots;
  try {
    await get('/v1/nodes?limit=1&fields=uuid');
  } catch (error) {
    if (mine !== boots) return;
    if (error instanceof AuthRequired) return login(error);
    mount(app, h('p', { class: 'error-text' }, `The API did not answer: ${error instanceof Error ? error.message : String(error)}`));
    return;
  }
  if (mine !== boots) return;
  drawUser();
  // The stream first: changes made while the counts are read queue up and are applied after them.
  stream.start();
  route();
  await fleet.load();
}

window.addEventListener('hashchange', route);
window.addEventListener('unhandledrejection', (e) => {
  if (e.reason instanceof AuthRequired) {
    e.preventDefault();
    login(e.reason);
  }
});
void boot();
