import { get } from './api.js';

/** The few fields the overview counts; a page of 1,000 of them is ~100 KB. */
const INDEX_FIELDS = 'uuid,name,provision_state,power_state,maintenance,last_error,conductor';
const PAGE = 1000;

/**
 * Every node's state, for the overview's counts: read once in pages (`limit`/`marker`, a few fields), then kept
 * current by the event stream's node events, whose data holds the node's watched fields after the change.
 * The node table never reads from here: it pages the API itself.
 */
export class FleetIndex {
  constructor() {
    /** @type {Map<string, any>} */
    this.nodes = new Map();
    this.loaded = false;
    /** @type {any[]} events that arrived while the first read ran, applied after it */
    this.pending = [];
    /** @type {Set<() => void>} */
    this.listeners = new Set();
  }

  async load() {
    this.loaded = false;
    const nodes = new Map();
    let marker = '';
    for (;;) {
      const page = await get(`/v1/nodes?fields=${INDEX_FIELDS}&limit=${PAGE}${marker && `&marker=${marker}`}`);
      for (const node of page.nodes) nodes.set(node.uuid, node);
      // `next` is there while pages may follow (the server may cap `limit` lower, FERRUM_MAX_LIMIT).
      if (!page.next || page.nodes.length === 0) break;
      marker = page.nodes[page.nodes.length - 1].uuid;
    }
    this.nodes = nodes;
    this.loaded = true;
    for (const event of this.pending.splice(0)) this.apply(event);
    this.changed();
  }

  /** @param {any} event a node event from the stream */
  apply(event) {
    if (!event.type?.startsWith('node.')) return;
    if (!this.loaded) {
      this.pending.push(event);
      return;
    }
    if (event.type === 'node.deleted') this.nodes.delete(event.uuid);
    else {
      const { changed: _changed, ...fields } = event.data ?? {};
      this.nodes.set(event.uuid, { ...this.nodes.get(event.uuid), uuid: event.uuid, ...fields });
    }
    this.changed();
  }

  changed() {
    for (const listener of this.listeners) listener();
  }

  /** @param {() => void} listener */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Counts by a field's value, most frequent first. @param {string} field */
  countBy(field) {
    /** @type {Map<string, number>} */
    const counts = new Map();
    for (const node of this.nodes.values()) {
      const key = node[field] === null || node[field] === undefined ? 'none' : String(node[field]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }

  /** Nodes an operator should look at: an error, maintenance, or a failed state. */
  attention() {
    return [...this.nodes.values()].filter((n) => n.last_error || n.maintenance || /failed$|^error$/.test(n.provision_state ?? ''));
  }
}
