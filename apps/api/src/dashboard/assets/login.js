import { saveBasic, saveToken } from './api.js';
import { h, mount } from './dom.js';

/**
 * Asks for what the server's 401 challenge wants: a user name and password for http_basic (sent as
 * `Authorization: Basic`), a token for keystone (sent as `X-Auth-Token`).
 * @param {HTMLElement} el
 * @param {import('./api.js').AuthRequired} error
 * @param {() => void} done
 */
export function renderLogin(el, error, done) {
  const { scheme, uri } = error.challenge;
  const failed = h('p', { class: 'error-text', 'data-testid': 'login-error' }, error.message);
  if (scheme === 'keystone') {
    const token = /** @type {HTMLInputElement} */ (h('input', { type: 'password', name: 'token', required: true, autocomplete: 'off', 'data-testid': 'login-token' }));
    mount(el, h('form', { class: 'card login', 'data-testid': 'login-form', 'data-scheme': 'keystone', onsubmit: (/** @type {Event} */ e) => { e.preventDefault(); saveToken(token.value.trim()); done(); } },
      h('h2', null, 'Sign in with a Keystone token'),
      failed,
      h('p', { class: 'muted' }, 'Get one with ', h('code', null, 'openstack token issue'), uri ? ` from ${uri}` : '', '.'),
      h('label', { class: 'field' }, 'Token', token),
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'login-submit' }, 'Sign in')));
    return;
  }
  const user = /** @type {HTMLInputElement} */ (h('input', { type: 'text', name: 'username', required: true, autocomplete: 'username', 'data-testid': 'login-username' }));
  const password = /** @type {HTMLInputElement} */ (h('input', { type: 'password', name: 'password', required: true, autocomplete: 'current-password', 'data-testid': 'login-password' }));
  mount(el, h('form', { class: 'card login', 'data-testid': 'login-form', 'data-scheme': 'basic', onsubmit: (/** @type {Event} */ e) => { e.preventDefault(); saveBasic(user.value, password.value); done(); } },
    h('h2', null, 'Sign in'),
    failed,
    h('label', { class: 'field' }, 'User name', user),
    h('label', { class: 'field' }, 'Password', password),
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'login-submit' }, 'Sign in')));
}
