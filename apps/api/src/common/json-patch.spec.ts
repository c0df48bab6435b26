import { Invalid, InvalidParameterValue, PatchError } from '@ferrum/errors';
import { applyPatch, checkPatchAllowed, isPathUpdated, parsePatch, patchValues } from './json-patch';

describe('JSON patch', () => {
  const doc = { name: 'n1', driver: 'fake-hardware', properties: { cpus: 4 }, extra: {} };

  it('accepts add, replace and remove only', () => {
    expect(parsePatch([{ op: 'replace', path: '/name', value: 'x' }])).toHaveLength(1);
    expect(() => parsePatch([{ op: 'move', from: '/a', path: '/name' }])).toThrow(InvalidParameterValue);
    expect(() => parsePatch([{ op: 'copy', path: '/name', value: 1 }])).toThrow(
      "Schema error for patch: 'copy' is not one of ['add', 'replace', 'remove']",
    );
    expect(() => parsePatch([{ op: 'test', path: '/name', value: 1 }])).toThrow(InvalidParameterValue);
  });

  it('refuses paths with escapes or dots, and bodies that are not lists', () => {
    expect(() => parsePatch([{ op: 'add', path: '/extra/a~1b', value: 1 }])).toThrow(/does not match/);
    expect(() => parsePatch([{ op: 'add', path: '/extra/a.b', value: 1 }])).toThrow(/does not match/);
    expect(() => parsePatch({ op: 'add' })).toThrow("Schema error for patch: {'op': 'add'} is not of type 'array'");
  });

  it('names the allowed fields when a path is not one of them', () => {
    expect(() => checkPatchAllowed([{ op: 'replace', path: '/uuid', value: 'x' }], ['name', 'extra'])).toThrow(
      new Invalid({ message: 'Cannot patch /uuid. Only the following can be updated: name, extra' }),
    );
  });

  it('treats a top-level add of an existing key as replace and refuses new root keys', () => {
    expect(applyPatch(doc, [{ op: 'add', path: '/name', value: 'n2' }]).name).toBe('n2');
    expect(() => applyPatch(doc, [{ op: 'add', path: '/bogus', value: 1 }])).toThrow(
      'Adding a new attribute (/bogus) to the root of the resource is not allowed',
    );
  });

  it('applies nested operations with JSON-pointer rules, one at a time, without touching the input', () => {
    const out = applyPatch(doc, [
      { op: 'add', path: '/properties/memory_mb', value: 1024 },
      { op: 'remove', path: '/properties/cpus' },
      { op: 'remove', path: '/name' },
    ]);
    expect(out).toEqual({ driver: 'fake-hardware', properties: { memory_mb: 1024 }, extra: {} });
    expect(doc.properties).toEqual({ cpus: 4 });
  });

  it('says which operation failed and why', () => {
    const error = (() => {
      try {
        applyPatch(doc, [{ op: 'remove', path: '/extra/missing' }]);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(PatchError);
    expect(error?.message).toBe("Couldn't apply patch '{'op': 'remove', 'path': '/extra/missing'}'. Reason: can't remove a non-existent object 'missing'");
  });

  it('collects the values given to one path', () => {
    expect(patchValues([{ op: 'add', path: '/name', value: 'a' }, { op: 'remove', path: '/name' }, { op: 'replace', path: '/name', value: 'b' }], '/name')).toEqual(['a', 'b']);
  });

  it("looks only at the first operation for a path's update, as Ironic's is_path_updated does", () => {
    expect(isPathUpdated([{ op: 'remove', path: '/physical_network' }], '/physical_network')).toBe(true);
    expect(isPathUpdated([{ op: 'add', path: '/extra/a', value: 1 }], '/extra')).toBe(true);
    expect(isPathUpdated([{ op: 'add', path: '/name', value: 'a' }, { op: 'add', path: '/physical_network', value: 'p' }], '/physical_network')).toBe(false);
    expect(isPathUpdated([{ op: 'add', path: '/physical_networks', value: 'p' }], '/physical_network')).toBe(false);
    expect(isPathUpdated([], '/name')).toBe(false);
  });
});
