import type { Repositories } from '@ferrum/persistence';
import type { IntrospectionService } from './introspection/introspection.service';
import type { ProcessingService } from './processing/processing.service';
import type { IpxeOptions } from './pxe/ipxe-script';
import type { RuleService } from './rules/rule.service';

/** The inspector's services as its HTTP edges see them (built by InspectorModule; the callback listener shares them). */
export interface InspectorCore {
  repos: Repositories;
  introspection: IntrospectionService;
  processing: ProcessingService;
  rules: RuleService;
  ipxe: IpxeOptions;
  storeData: boolean;
  maxLimit: number;
}

export const INSPECTOR_CORE = Symbol('InspectorCore');
