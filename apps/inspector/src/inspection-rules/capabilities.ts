/**
 * Node capabilities live in properties.capabilities as 'key:value,key2:value2' (Ironic's
 * driver_utils.add_node_capability / remove_node_capability).
 */
import { pyStr } from '@ferrum/contracts';
import { PyError } from './errors';
import { isDict, pyTruthy, pyTypeName, type Dict } from './python-values';

function propertiesOf(properties: unknown, method: string): Dict {
  if (!isDict(properties)) throw new PyError('AttributeError', `'${pyTypeName(properties)}' object has no attribute '${method}'`);
  return properties;
}

/** ','.join / ':'.join accept only strings. */
function join(sep: string, items: unknown[]): string {
  items.forEach((item, i) => {
    if (typeof item !== 'string') throw new PyError('TypeError', `sequence item ${i}: expected str instance, ${pyTypeName(item)} found`);
  });
  return items.join(sep);
}

/** Appends name:value. As upstream, an existing entry for the same name is not replaced: both stay. */
export function addCapability(properties: unknown, name: unknown, value: unknown): void {
  const props = propertiesOf(properties, 'get');
  const existing = props.capabilities;
  const entry = join(':', [name, value]);
  props.capabilities = pyTruthy(existing) ? join(',', [existing, entry]) : entry;
}

/** Drops every name:… entry; like upstream it leaves capabilities as '' when there were none. */
export function removeCapability(properties: unknown, name: unknown): void {
  const props = propertiesOf(properties, 'get');
  const existing = Object.hasOwn(props, 'capabilities') ? props.capabilities : '';
  if (typeof existing !== 'string') throw new PyError('AttributeError', `'${pyTypeName(existing)}' object has no attribute 'split'`);
  const prefix = `${pyStr(name)}:`;
  props.capabilities = existing.split(',').filter((cap) => !cap.startsWith(prefix)).join(',');
}
