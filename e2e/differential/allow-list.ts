import type { Answer } from './runner';

/**
 * Steps where the real Ironic is plainly wrong and Ferrum deliberately answers otherwise, keyed by
 * "scenario › step". Each entry says why, and accepts only the one shape of difference it names.
 */
export const ALLOW_LIST: Record<string, { reason: string; accepts: (ironic: Answer, ferrum: Answer) => boolean }> = {};
