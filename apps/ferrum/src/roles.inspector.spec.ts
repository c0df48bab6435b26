import { allOptions, loadConfig } from '@ferrum/config';
import { crossCheck } from './roles';

describe('start-up checks of the inspector options', () => {
  const check = (env: Record<string, string>) => crossCheck('all', loadConfig(allOptions, env));

  it('accepts the defaults', () => {
    expect(check({})).toEqual([]);
  });

  it('refuses discovery together with denying unknown MACs (unknown machines could never boot)', () => {
    expect(check({ FERRUM_INSPECTOR_DISCOVERY: 'true', FERRUM_PXE_FILTER_DENY_UNKNOWN_MACS: 'true' })).toEqual([expect.stringContaining('FERRUM_PXE_FILTER_DENY_UNKNOWN_MACS=true')]);
  });

  it('refuses keep_ports=added when no ports are added', () => {
    expect(check({ FERRUM_INSPECTOR_ADD_PORTS: 'disabled', FERRUM_INSPECTOR_KEEP_PORTS: 'added' })).toEqual([expect.stringContaining('FERRUM_INSPECTOR_KEEP_PORTS=added')]);
  });
});
