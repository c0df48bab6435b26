import { Initial1763890000000 } from './1763890000000-initial.migration';

/** In order; a new migration is appended, never edited after it shipped. */
export const MIGRATIONS = [Initial1763890000000];
