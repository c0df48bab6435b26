import type { ConfigOf, commonOptions, conductorOptions } from '@ferrum/config';

export type ConductorConfig = ConfigOf<typeof commonOptions & typeof conductorOptions> & { hostname: string };
