import { loadAgentParams, AgentParamsError } from './agent-params';
import { parseKernelParams } from './kernel-params';

describe('agent parameters', () => {
  it('splits a kernel command line, quoted values and bare words included', () => {
    expect(parseKernelParams('BOOT_IMAGE=/vmlinuz ro ipa-api-url=http://10.0.0.1:6385 BOOTIF=01-aa-bb-cc-dd-ee-ff')).toEqual({
      BOOT_IMAGE: '/vmlinuz',
      ro: '',
      'ipa-api-url': 'http://10.0.0.1:6385',
      BOOTIF: '01-aa-bb-cc-dd-ee-ff',
    });
    expect(parseKernelParams('ipa-x="a b" y')).toEqual({ 'ipa-x': 'a b', y: '' });
  });

  it('reads /proc/cmdline by default, with Ironic\'s defaults and a comma list of API URLs', () => {
    const params = loadAgentParams({}, [], () => 'ipa-api-url=http://a:6385/,http://b:6385 ipa-lookup-timeout=30');
    expect(params).toMatchObject({ source: 'proc', 'ipa-api-url': ['http://a:6385', 'http://b:6385'], 'ipa-lookup-timeout': 30, 'ipa-lookup-interval': 1, 'ipa-listen-port': 9999 });
  });

  it('lets the environment (FERRUM_AGENT_CMDLINE, IPA_* names) and flags override the kernel line, flags last', () => {
    const params = loadAgentParams(
      { FERRUM_AGENT_CMDLINE: 'ipa-api-url=http://env:1 ipa-listen-port=1000', IPA_LISTEN_PORT: '2000', FERRUM_AGENT_HOST: '127.0.0.1' },
      ['--ipa-listen-port=3000'],
      () => 'ipa-api-url=http://proc:1',
    );
    expect(params).toMatchObject({ source: 'flags', 'ipa-api-url': ['http://env:1'], 'ipa-listen-port': 3000, 'ipa-listen-host': '127.0.0.1' });
  });

  it('refuses a bad value naming the parameter', () => {
    expect(() => loadAgentParams({ FERRUM_AGENT_CMDLINE: 'ipa-listen-port=notaport' }, [])).toThrow(AgentParamsError);
    expect(() => loadAgentParams({ FERRUM_AGENT_CMDLINE: 'ipa-listen-port=notaport' }, [])).toThrow(/ipa-listen-port/);
  });
});
