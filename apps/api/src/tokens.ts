/** Injection tokens for what startApi receives from outside Nest. */
export const CONFIG = Symbol('CONFIG');
export const REPOS = Symbol('REPOS');
export const ROUTER = Symbol('ROUTER');
export const LOGGER = Symbol('LOGGER');
export const POLICY = Symbol('POLICY');
