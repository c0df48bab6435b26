/** Injection tokens for what startApi receives from outside Nest. */
export const CONFIG = Symbol('CONFIG');
export const REPOS = Symbol('REPOS');
export const ROUTER = Symbol('ROUTER');
export const LOGGER = Symbol('LOGGER');
/** The raw transport, for driver-level calls that no node routes (any conductor offering the driver answers). */
export const TRANSPORT = Symbol('TRANSPORT');
