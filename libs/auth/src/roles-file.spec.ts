import { parseRolesFile } from './roles-file';

describe('parseRolesFile', () => {
  it('gives each user roles and one scope', () => {
    const roles = parseRolesFile('alice: {roles: [admin], system: true}\nbob:\n  roles: [member, reader]\n  project_id: p-1\n  project_name: tenant\n', 'r.yaml');
    expect(roles.get('alice')).toEqual({ roles: ['admin'], system: true, projectId: null, projectName: null });
    expect(roles.get('bob')).toEqual({ roles: ['member', 'reader'], system: false, projectId: 'p-1', projectName: 'tenant' });
  });

  it('is empty when the file is', () => {
    expect(parseRolesFile('', 'r.yaml').size).toBe(0);
  });

  it.each([
    ['an unknown role', 'alice: {roles: [root], system: true}', /r\.yaml: alice\.roles\.0: /],
    ['no scope', 'alice: {roles: [admin]}', /alice: give exactly one scope/],
    ['two scopes', 'alice: {roles: [admin], system: true, project_id: p}', /alice: give exactly one scope/],
    ['an unknown key', 'alice: {roles: [admin], system: true, domain: x}', /alice: .*domain/],
    ['no roles', 'alice: {roles: [], system: true}', /alice\.roles: /],
    ['broken YAML', 'alice: {roles: [admin', /r\.yaml: not YAML/],
  ])('refuses %s, naming the user', (_what, text, message) => {
    expect(() => parseRolesFile(text, 'r.yaml')).toThrow(message);
  });
});
