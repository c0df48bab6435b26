/** Injection tokens for what the launcher hands the conductor (shared with other roles in one process). */
export const CONFIG = Symbol('ConductorConfig');
export const REPOS = Symbol('Repositories');
export const TRANSPORT = Symbol('Transport');
export const LOGGER = Symbol('Logger');
export const DRIVERS = Symbol('DriverRegistry');
/** The process's metrics (FerrumMetrics from @ferrum/observability). */
export const METRICS = Symbol('FerrumMetrics');
/** `{ epoch }` of this conductor's current registration (RegistrationService sets it; the task manager fences with it). */
export const INCARNATION = Symbol('INCARNATION');
