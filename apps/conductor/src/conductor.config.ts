import type { apiOptions, ConfigOf, commonOptions, conductorOptions, driverOptions } from '@ferrum/config';

/**
 * What a conductor reads. The API's address is there when the process loaded every option (as `main` does): it
 * is the default of the URL ramdisks reach the API at.
 */
export type ConductorConfig = ConfigOf<typeof commonOptions & typeof conductorOptions & typeof driverOptions> &
  Partial<Pick<ConfigOf<typeof apiOptions>, 'publicUrl' | 'apiHost' | 'apiPort'>> & { hostname: string };
