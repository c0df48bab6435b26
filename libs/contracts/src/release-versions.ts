import { MAX_VERSION } from './microversions';

/**
 * The API maximum of each Ironic release and series name, as Ironic's release_mappings.py gives it: the
 * values `[DEFAULT]pin_release_version` (FERRUM_PIN_RELEASE_VERSION) accepts. Pinning serves the API as that
 * release did: its maximum is advertised, and newer versions are refused (406) as Ironic refuses them.
 */
export const RELEASE_API_MAXIMUM: Readonly<Record<string, number>> = {
  '17.0': 72,
  '18.0': 74,
  '18.1': 75,
  '18.2': 78,
  '19.0': 78,
  '20.0': 78,
  '20.1': 78,
  '20.2': 78,
  '21.0': 79,
  '21.1': 80,
  '21.2': 80,
  '21.3': 81,
  '21.4': 82,
  '22.0': 83,
  '22.1': 86,
  '23.0': 87,
  '23.1': 88,
  '24.0': 89,
  '24.1': 90,
  '25.0': 91,
  '26.0': 91,
  '26.1': 93,
  '27.0': 94,
  '28.0': 95,
  '29.0': 96,
  '30.0': 99,
  '31.0': 99,
  '32.0': 101,
  '33.0': 104,
  '34.0': 109,
  '35.0': 111,
  yoga: 78,
  zed: 80,
  antelope: 82,
  '2023.1': 82,
  '2023.2': 87,
  '2024.1': 90,
  '2024.2': 93,
  '2025.1': 96,
  '2025.2': 101,
  '2026.1': 111,
};

/** The maximum microversion served: Ferrum's own, or a pinned release's when that is lower. */
export function apiMaximum(pinReleaseVersion: string | undefined): number {
  const pinned = pinReleaseVersion === undefined ? undefined : RELEASE_API_MAXIMUM[pinReleaseVersion];
  return pinned === undefined ? MAX_VERSION : Math.min(pinned, MAX_VERSION);
}
