import { MIN_VERSION, Microversion, formatVersion } from '@ferrum/contracts';
import type { Link, Links } from '../common/links';

/** The `v1` version object (§2.1), also `version` in the /v1 document; `maximum` is the served one. */
export function defaultVersion(links: Links, maximum: number) {
  return {
    id: 'v1',
    status: 'CURRENT',
    min_version: formatVersion(MIN_VERSION),
    version: formatVersion(maximum),
    links: [{ href: links.url('v1', '', true), rel: 'self' }],
  };
}

/** `GET /`: what keystoneauth, openstacksdk and IPA read to pick a microversion. */
export function rootDocument(links: Links, maximum: number) {
  return {
    name: 'OpenStack Ironic API',
    description: 'Ironic is an OpenStack project which enables the provision and management of baremetal machines.',
    default_version: defaultVersion(links, maximum),
    versions: [defaultVersion(links, maximum)],
  };
}

/**
 * Collections named in /v1, with the microversion that introduced each (§2.2). Only what Ferrum
 * serves is listed: a client that follows a link must not meet a 404.
 */
export const V1_COLLECTIONS: readonly (readonly [string, number])[] = [
  ['chassis', 1],
  ['nodes', 1],
  ['ports', 1],
  ['portgroups', Microversion.PORTGROUPS],
  ['volume', Microversion.VOLUME],
  ['drivers', 1],
  ['lookup', Microversion.RAMDISK_ENDPOINTS],
  ['heartbeat', Microversion.RAMDISK_ENDPOINTS],
  ['conductors', Microversion.CONDUCTORS],
  ['events', Microversion.EVENTS],
  ['allocations', Microversion.ALLOCATIONS],
  ['deploy_templates', Microversion.DEPLOY_TEMPLATES],
  ['shards', Microversion.SHARDS],
  ['runbooks', Microversion.RUNBOOKS],
  ['inspection_rules', Microversion.INSPECTION_RULES],
];

/** `GET /v1`: links to every collection the requested version has. */
export function v1Document(links: Links, version: number, maximum: number) {
  const doc: Record<string, unknown> = {
    id: 'v1',
    links: [
      { href: links.url('v1', '', true), rel: 'self' },
      // Ironic 21.4 builds this link with doubled slashes; clients never follow it, but compare it.
      { href: 'https://docs.openstack.org//ironic/latest/contributor//webapi.html', rel: 'describedby', type: 'text/html' } satisfies Link,
    ],
    media_types: { base: 'application/json', type: 'application/vnd.openstack.ironic.v1+json' },
  };
  for (const [name, since] of V1_COLLECTIONS) if (version >= since) doc[name] = links.pair(name, '');
  doc.version = defaultVersion(links, maximum);
  return doc;
}
