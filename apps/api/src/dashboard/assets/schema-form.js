import { h } from './dom.js';

/**
 * A form for a passthru method's arguments from the JSON Schema its listing publishes (`args_schema`): one
 * input per property (string, number, integer, boolean, enum; anything else as JSON text), `required` as the
 * schema says. Without a schema, one JSON object field.
 * @param {any} schema
 * @returns {{ el: HTMLElement, values: () => Record<string, unknown> }}
 */
export function schemaForm(schema) {
  const properties = schema && typeof schema === 'object' && schema.properties && typeof schema.properties === 'object' ? schema.properties : null;
  if (!properties) {
    const area = /** @type {HTMLTextAreaElement} */ (h('textarea', { name: 'args', rows: 4, 'data-testid': 'passthru-args-json', placeholder: '{"key": "value"}' }, '{}'));
    return {
      el: h('label', { class: 'field' }, 'Arguments (JSON object)', area),
      values: () => {
        const parsed = JSON.parse(area.value.trim() || '{}');
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('The arguments must be a JSON object.');
        return parsed;
      },
    };
  }
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  /** @type {[string, any, HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement][]} */
  const inputs = [];
  const fields = Object.entries(properties).map(([name, prop]) => {
    const type = Array.isArray(prop?.type) ? prop.type.find((/** @type {string} */ t) => t !== 'null') : prop?.type;
    const common = { name, 'data-testid': `arg-${name}`, required: required.has(name) && type !== 'boolean' };
    /** @type {any} */
    let input;
    if (Array.isArray(prop?.enum)) input = h('select', common, required.has(name) ? null : h('option', { value: '' }, '—'), prop.enum.map((/** @type {unknown} */ v) => h('option', { value: JSON.stringify(v) }, String(v))));
    else if (type === 'boolean') input = h('input', { ...common, type: 'checkbox' });
    else if (type === 'integer' || type === 'number') input = h('input', { ...common, type: 'number', step: type === 'integer' ? '1' : 'any', min: prop.minimum, max: prop.maximum });
    else if (type === 'string') input = h('input', { ...common, type: 'text', minlength: prop.minLength, maxlength: prop.maxLength, pattern: prop.pattern });
    else input = h('textarea', { ...common, rows: 2, placeholder: 'JSON' });
    inputs.push([name, { ...prop, type }, input]);
    return h('label', { class: 'field' }, `${name}${required.has(name) ? ' *' : ''}`, prop?.description ? h('small', { class: 'muted' }, ` ${prop.description}`) : null, input);
  });
  return {
    el: h('div', { class: 'schema-form' }, fields),
    values: () => {
      /** @type {Record<string, unknown>} */
      const out = {};
      for (const [name, prop, input] of inputs) {
        if (prop.type === 'boolean') {
          out[name] = /** @type {HTMLInputElement} */ (input).checked;
          continue;
        }
        const raw = input.value;
        if (raw === '') continue;
        if (Array.isArray(prop.enum)) out[name] = JSON.parse(raw);
        else if (prop.type === 'integer' || prop.type === 'number') out[name] = Number(raw);
        else if (prop.type === 'string') out[name] = raw;
        else out[name] = JSON.parse(raw);
      }
      return out;
    },
  };
}
