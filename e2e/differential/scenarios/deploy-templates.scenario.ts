import type { Scenario, Step, StepContext } from '../step';

const get = (name: string, path: Step['path'], version: string | null = '1.78'): Step => ({ name, method: 'GET', path, version });
const tpl = (c: StepContext) => `/v1/deploy_templates/${c.v('tpl1')}`;
const step = (extra: Record<string, unknown> = {}) => ({ interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'LogicalProc', value: 'Enabled' }] }, priority: 150, ...extra });
const MISSING = '9a2d7c53-5f3e-4b8e-9d55-7c1e6f2a0b11';
const post = (name: string, body: Step['body'], version = '1.78'): Step => ({ name, method: 'POST', path: '/v1/deploy_templates', version, body });

/** Deploy templates (1.55): CRUD, the trait-shaped name, the step schema, duplicates, gates and errors. */
export const deployTemplatesScenario: Scenario = {
  name: 'deploy templates',
  steps: [
    post('create a template', (c) => ({ name: c.names.tplName1, steps: [step(), step({ interface: 'raid', step: 'create_configuration', args: {}, priority: '10' })], extra: { team: 'a' } })),
    { ...post('create another', (c) => ({ name: c.names.tplName2, steps: [step({ args: { password: 'hunter2' } })] })), save: { tpl2: 'uuid' } },
    { ...get('find the first by name', (c) => `/v1/deploy_templates/${c.names.tplName1}`), save: { tpl1: 'uuid' } },
    get('show by uuid', tpl),
    get('show with fields', (c) => `${tpl(c)}?fields=uuid,steps`),
    get('show with an unknown field', (c) => `${tpl(c)}?fields=uuid,colour`),
    get('show the one with a secret', (c) => `/v1/deploy_templates/${c.v('tpl2')}`),
    get('show at 1.54', tpl, '1.54'),
    get('show a missing one', `/v1/deploy_templates/${MISSING}`),
    get('list', '/v1/deploy_templates?sort_key=name'),
    get('list in detail', '/v1/deploy_templates?detail=true&sort_key=name'),
    get('list with fields', '/v1/deploy_templates?fields=name,extra&sort_key=name'),
    get('list sorted by steps', '/v1/deploy_templates?sort_key=steps'),
    get('list at 1.54', '/v1/deploy_templates', '1.54'),
    post('create at 1.54', { name: 'CUSTOM_OLD', steps: [step()] }, '1.54'),
    post('create with a taken name', (c) => ({ name: c.names.tplName1, steps: [step()] })),
    post('create with a non-trait name', { name: 'not-a-trait', steps: [step()] }),
    post('create without steps', (c) => ({ name: `${c.names.tplName1}_X`, steps: [] })),
    post('create with a duplicate step', (c) => ({ name: `${c.names.tplName1}_X`, steps: [step(), step({ priority: 5 })] })),
    post('create with a bad interface', (c) => ({ name: `${c.names.tplName1}_X`, steps: [step({ interface: 'boot' })] })),
    post('create with a negative priority', (c) => ({ name: `${c.names.tplName1}_X`, steps: [step({ priority: -1 })] })),
    post('create with a step missing args', (c) => ({ name: `${c.names.tplName1}_X`, steps: [{ interface: 'bios', step: 'x', priority: 1 }] })),
    post('create with an unknown field', (c) => ({ name: `${c.names.tplName1}_X`, steps: [step()], colour: 'red' })),
    post('create with a bad uuid', (c) => ({ name: `${c.names.tplName1}_X`, steps: [step()], uuid: 'nope' })),
    { name: 'rename the first', method: 'PATCH', path: tpl, body: (c) => [{ op: 'replace', path: '/name', value: `${c.names.tplName1}_NEW` }, { op: 'add', path: '/extra/x', value: 1 }] },
    { name: 'replace its steps', method: 'PATCH', path: tpl, body: [{ op: 'replace', path: '/steps', value: [step({ priority: 20 })] }] },
    { name: 'change one step priority', method: 'PATCH', path: tpl, body: [{ op: 'replace', path: '/steps/0/priority', value: 30 }] },
    { name: 'remove its steps', method: 'PATCH', path: tpl, body: [{ op: 'remove', path: '/steps' }] },
    { name: 'rename to a taken name', method: 'PATCH', path: tpl, body: (c) => [{ op: 'replace', path: '/name', value: c.names.tplName2 }] },
    { name: 'patch its uuid', method: 'PATCH', path: tpl, body: [{ op: 'replace', path: '/uuid', value: MISSING }] },
    get('show after the patches', tpl),
    { name: 'delete the first', method: 'DELETE', path: tpl },
    get('show the deleted one', tpl),
    { name: 'delete it again', method: 'DELETE', path: tpl },
    { name: 'delete at 1.54', method: 'DELETE', path: (c) => `/v1/deploy_templates/${c.v('tpl2')}`, version: '1.54' },
    { name: 'delete the second by name', method: 'DELETE', path: (c) => `/v1/deploy_templates/${c.names.tplName2}` },
  ],
};
