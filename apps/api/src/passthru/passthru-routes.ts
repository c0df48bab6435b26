/** The resources with vendor passthru (§8): a node's methods and a driver's. */
export const NODE_PASSTHRU = 'v1/nodes/:ident/vendor_passthru';
export const DRIVER_PASSTHRU = 'v1/drivers/:driver/vendor_passthru';

/** Both URL forms of a call under either resource (§8.1): `…/vendor_passthru?method=NAME` and `…/vendor_passthru/NAME`. */
export const CALL = ['', ':method'];

/**
 * Every call route as Fastify registers it. Ironic reads the JSON body of a call on every verb, GET included
 * (redfish's get_subscription takes its id so): these are the GET routes that read one (acceptGetBodies).
 */
export const PASSTHRU_CALL_URLS = [NODE_PASSTHRU, DRIVER_PASSTHRU].flatMap((base) => CALL.map((form) => `/${base}${form && `/${form}`}`));
