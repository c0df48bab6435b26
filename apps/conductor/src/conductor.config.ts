import type { ConfigOf, commonOptions, conductorOptions, driverOptions } from '@ferrum/config';

export type ConductorConfig = ConfigOf<typeof commonOptions & typeof conductorOptions & typeof driverOptions> & { hostname: string };
