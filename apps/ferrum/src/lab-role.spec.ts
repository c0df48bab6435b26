import { labEnvFromArgs } from './lab-role';

describe('npm run lab -- flags', () => {
  it('--machines and --enroll win over FERRUM_LAB_MACHINES and FERRUM_LAB_ENROLL', () => {
    const env = labEnvFromArgs(['--role', 'lab', '--machines', '50', '--enroll'], { FERRUM_LAB_MACHINES: '3', FERRUM_LAB_ENROLL: 'false', OTHER: 'kept' });
    expect(env).toMatchObject({ FERRUM_LAB_MACHINES: '50', FERRUM_LAB_ENROLL: 'true', OTHER: 'kept' });
  });

  it('leaves the variables alone without the flags', () => {
    expect(labEnvFromArgs(['--role=lab'], { FERRUM_LAB_MACHINES: '3' })).toEqual({ FERRUM_LAB_MACHINES: '3' });
  });

  it('refuses a flag it does not know, naming it', () => {
    expect(() => labEnvFromArgs(['--role', 'lab', '--machine', '5'], {})).toThrow(/--machine/);
  });
});
