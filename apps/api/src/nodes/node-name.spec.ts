import { instanceNameFromDisplayName } from './node-name';

describe("instance_name from instance_info's display_name (1.104)", () => {
  it('takes the display_name of a changed instance_info when the node has no instance_name', () => {
    expect(instanceNameFromDisplayName({ instance_name: null }, { instance_info: { display_name: 'web-1', image_source: 'x' } })).toBe('web-1');
  });

  it('keeps an instance_name the node has or the same patch sets, and ignores an empty or missing display_name', () => {
    expect(instanceNameFromDisplayName({ instance_name: 'db-1' }, { instance_info: { display_name: 'web-1' } })).toBeUndefined();
    expect(instanceNameFromDisplayName({ instance_name: null }, { instance_info: { display_name: 'web-1' }, instance_name: 'set' })).toBeUndefined();
    expect(instanceNameFromDisplayName({ instance_name: null }, { instance_info: { display_name: '' } })).toBeUndefined();
    expect(instanceNameFromDisplayName({ instance_name: null }, { instance_info: {} })).toBeUndefined();
    expect(instanceNameFromDisplayName({ instance_name: null }, {})).toBeUndefined();
  });
});
