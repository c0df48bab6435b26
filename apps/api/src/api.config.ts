import type { ConfigOf, apiOptions, commonOptions } from '@ferrum/config';

export type ApiConfig = ConfigOf<typeof apiOptions & typeof commonOptions>;
