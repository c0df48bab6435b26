import type { Scenario, Step, StepContext } from '../step';

const history = (c: StepContext) => `/v1/nodes/${c.names.historyNode}/history`;
const get = (name: string, path: Step['path'], version: string | null = '1.78'): Step => ({ name, method: 'GET', path, version });
const MISSING = '9a2d7c53-5f3e-4b8e-9d55-7c1e6f2a0b11';

/** Node history (1.78) of a node with no errors yet: the gate, the arguments and the not-found answers. */
export const historyScenario: Scenario = {
  name: 'history',
  steps: [
    { name: 'create the node', method: 'POST', path: '/v1/nodes', body: (c) => ({ name: c.names.historyNode, driver: 'fake-hardware' }), save: { historyNode: 'uuid' } },
    get('no history yet', history),
    get('in detail', (c) => `${history(c)}?detail=true`),
    get('with a limit', (c) => `${history(c)}?limit=5`),
    get('with a bad limit', (c) => `${history(c)}?limit=0`),
    get('with a bad detail', (c) => `${history(c)}?detail=maybe`),
    get('with a missing marker', (c) => `${history(c)}?marker=${MISSING}`),
    get('with a bad marker', (c) => `${history(c)}?marker=nope`),
    get('at 1.77', history, '1.77'),
    get('the detail path (the CLI\'s --long)', (c) => `${history(c)}/detail`),
    get('a missing entry', (c) => `${history(c)}/${MISSING}`),
    get('an entry by a bad id', (c) => `${history(c)}/bad%20id`),
    get('of a missing node', `/v1/nodes/${MISSING}/history`),
    { name: 'post to the history', method: 'POST', path: history, body: { event: 'x' } },
    { name: 'delete the node', method: 'DELETE', path: (c) => `/v1/nodes/${c.v('historyNode')}` },
  ],
};
