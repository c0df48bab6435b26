import { STANDARD_TRAITS } from './standard-traits';

export { STANDARD_TRAITS };

/** Ironic's custom trait syntax (api_utils.TRAITS_SCHEMA). */
export const CUSTOM_TRAIT_PATTERN = '^CUSTOM_[A-Z0-9_]+$';

const standard = new Set(STANDARD_TRAITS);
const custom = new RegExp(CUSTOM_TRAIT_PATTERN);

/** A trait Ironic accepts: one of os_traits' standard traits, or CUSTOM_ followed by capitals, digits and underscores. */
export function isValidTrait(trait: string): boolean {
  return standard.has(trait) || custom.test(trait);
}
