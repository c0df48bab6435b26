/**
 * A tiny element builder: every value becomes a text node or an attribute, never HTML, so nothing the API
 * returns (node names, last_error, passthru results) can inject markup.
 * @param {string} tag
 * @param {Record<string, unknown> | null} [props]
 * @param {...unknown} children
 * @returns {HTMLElement}
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    else if (key === 'class') el.className = String(value);
    else if (key === 'value' || key === 'checked') /** @type {any} */ (el)[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** @param {Element} el @param {unknown[]} children */
function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's content. @param {Element} el @param {...unknown} children */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A value as a table cell shows it. @param {unknown} value */
export function show(value) {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Calls `fn` at most once per `ms`, with the latest state (the fleet view under a burst of events). */
export function throttle(fn, ms) {
  let timer = 0;
  return () => {
    if (timer) return;
    timer = window.setTimeout(() => {
      timer = 0;
      fn();
    }, ms);
  };
}

/**
 * Asks before anything that changes a node; resolves true if the user confirms.
 * @param {string} text
 * @returns {Promise<boolean>}
 */
export function confirmAction(text) {
  const dialog = /** @type {HTMLDialogElement} */ (document.getElementById('confirm'));
  mount(/** @type {Element} */ (dialog.querySelector('.confirm-text')), text);
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
}
