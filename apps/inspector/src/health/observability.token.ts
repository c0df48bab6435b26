/** The Observability (metrics and readiness checks) the health endpoints serve. */
export const OBSERVABILITY = Symbol('Observability');
