import type { Credentials } from '@ferrum/auth';
import { FrameworkError } from '../common/framework-error';
import type { IronicRequest } from '../common/ironic-request';
import { checkRunbooksVersion } from './runbook.controller';

const admin: Credentials = { user: 'admin', roles: ['admin'], projectId: null, projectName: null, system: true, via: 'keystone' };
const request = (version: number): IronicRequest => ({ version, requestId: 'req-1', jsonSuffix: false, credentials: admin });
const refusal = (version: number, method: 'GET' | 'write', maximum?: number) => {
  try {
    checkRunbooksVersion(request(version), method, maximum);
  } catch (e) {
    return e as FrameworkError;
  }
  return undefined;
};

describe('checkRunbooksVersion (/v1/runbooks, 1.92)', () => {
  it('while the maximum is below 1.92: the router\'s bare 404 under every method, as an Ironic without runbooks', () => {
    for (const method of ['GET', 'write'] as const) expect(refusal(89, method, 89)).toMatchObject({ status: 404, description: '', bare: true });
  });

  it("once the maximum reaches 1.92: Ironic's _route refusal below it (GET 404, others 405), nothing at 1.92", () => {
    expect(refusal(91, 'GET', 92)).toMatchObject({ status: 404, description: 'The API version does not allow runbooks', bare: true });
    expect(refusal(91, 'write', 92)).toMatchObject({ status: 405, description: 'The API version does not allow runbooks', bare: true });
    expect(refusal(91, 'write', 92)).toBeInstanceOf(FrameworkError);
    expect(refusal(92, 'GET', 92)).toBeUndefined();
    expect(refusal(92, 'write', 92)).toBeUndefined();
  });
});
