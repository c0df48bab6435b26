import { TemporaryFailure } from './errors';
import { unavailableDatabase } from './unavailable';

describe('unavailableDatabase', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' })],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    ['a server shutting down', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a query on a connection the server shut (TypeORM)', Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), { name: 'QueryRunnerAlreadyReleasedError' })],
    ['a wrapped driver error', Object.assign(new Error('query failed'), { driverError: Object.assign(new Error('x'), { code: '08006' }) })],
  ])('makes %s a 503 that names no address', (_, error) => {
    const failure = unavailableDatabase(error);
    expect(failure).toBeInstanceOf(TemporaryFailure);
    expect(failure?.status).toBe(503);
    expect(failure?.message).toBe('The database is unavailable; please retry.');
  });

  it.each([
    ['a constraint violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a plain bug', new TypeError('x is not a function')],
    ['not an error', 'nope'],
  ])('leaves %s alone', (_, error) => {
    expect(unavailableDatabase(error)).toBeUndefined();
  });
});
