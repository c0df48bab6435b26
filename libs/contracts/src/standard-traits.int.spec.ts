import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { inCI } from '@ferrum/testing';
import { STANDARD_TRAITS } from './standard-traits';

const PYTHON = '/usr/bin/python3';
const osTraits = () => {
  try {
    return JSON.parse(execFileSync(PYTHON, ['-c', 'import json, os_traits; print(json.dumps(os_traits.get_traits()))'], { encoding: 'utf8' })) as string[];
  } catch {
    return undefined;
  }
};

describe('standard traits', () => {
  it("are os_traits' list, in its order (the order Ironic prints when it refuses a trait)", () => {
    const expected = existsSync(PYTHON) ? osTraits() : undefined;
    if (!expected) {
      // .ci/run installs python3-ironic, which brings python3-os-traits.
      if (inCI()) throw new Error('os_traits is required under CI=true');
      return;
    }
    expect(STANDARD_TRAITS).toEqual(expected);
  });
});
