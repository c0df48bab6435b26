import type { Schema } from '@ferrum/contracts';
import { OPENAPI_METHODS } from './openapi-document';

export const DOCS_STYLESHEET_URL = '/docs/reference.css';
export const OPENAPI_DOCUMENT_URL = '/v1/ferrum/openapi.json';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function esc(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** The description's `code` spans, the only markup the generator writes. */
function prose(text: unknown): string {
  return esc(text ?? '').replace(/`([^`]+)`/g, '<code>$1</code>');
}

interface Entry {
  method: string;
  path: string;
  op: Schema;
}

function entries(doc: Schema): Entry[] {
  const out: Entry[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const method of OPENAPI_METHODS) if (item[method]) out.push({ method: method.toUpperCase(), path, op: item[method] });
    for (const [method, op] of Object.entries((item['x-additionalOperations'] ?? {}) as Record<string, Schema>)) out.push({ method, path, op });
  }
  return out;
}

function renderParameters(op: Schema): string {
  const params = ((op.parameters ?? []) as Schema[]).filter((p) => !p.$ref);
  if (!params.length) return '';
  const rows = params.map((p) => `<li><code>${esc(p.name)}</code> <span class="in">${esc(p.in)}</span></li>`).join('');
  return `<ul class="params">${rows}</ul>`;
}

function renderBody(doc: Schema, op: Schema): string {
  const ref = (op.requestBody as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined)?.content?.['application/json']?.schema?.$ref;
  if (!ref) return '';
  const schema = (doc.components as { schemas: Record<string, Schema> }).schemas[ref.split('/').pop()!];
  return `<details><summary>Request body (JSON Schema)</summary><pre>${esc(JSON.stringify(schema, null, 2))}</pre></details>`;
}

function renderOperation(doc: Schema, { method, path, op }: Entry): string {
  const min = op['x-openstack-microversion-min'];
  return [
    `<section class="op" id="${esc(op.operationId)}">`,
    `<h3><span class="method ${esc(method.toLowerCase())}">${esc(method)}</span> <code>${esc(path)}</code>`,
    min ? ` <span class="since">≥ ${esc(min)}</span>` : '',
    op.security ? ' <span class="public">public</span>' : '',
    `</h3><p class="summary">${esc(op.summary)}</p><p>${prose(op.description)}</p>`,
    renderParameters(op),
    renderBody(doc, op),
    '</section>',
  ].join('');
}

/** `/docs`: the whole reference as one static page, rendered here from the OpenAPI document (no script, no CDN). */
export function renderDocsPage(doc: Schema): string {
  const info = doc.info as { title: string; version: string; description: string };
  const all = entries(doc);
  const tags = (doc.tags as { name: string; description?: string }[]).map((t) => ({ ...t, ops: all.filter((e) => (e.op.tags as string[])[0] === t.name) }));
  const toc = tags.map((t) => `<li><a href="#tag-${esc(t.name)}">${esc(t.name)}</a> <span class="count">${t.ops.length}</span></li>`).join('');
  const body = tags
    .map((t) => `<h2 id="tag-${esc(t.name)}">${esc(t.name)}</h2>${t.description ? `<p>${prose(t.description)}</p>` : ''}${t.ops.map((e) => renderOperation(doc, e)).join('')}`)
    .join('');
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(info.title)}: API reference</title><link rel="stylesheet" href="${DOCS_STYLESHEET_URL}"></head><body>`,
    `<header><h1>${esc(info.title)}</h1><p>API ${esc(info.version)} · ${all.length} operations · <a href="${OPENAPI_DOCUMENT_URL}">OpenAPI 3.1 document</a></p>`,
    `<p>${prose(info.description)}</p></header>`,
    `<nav><ul>${toc}</ul></nav><main>${body}</main></body></html>`,
  ].join('\n');
}
