import { inventoryInterfaceSchema, inventorySystemVendorSchema } from '@ferrum/contracts';
import { z } from 'zod';

/**
 * The part of an inventory the lookup strategies read: the NICs' MACs, the BMC address and the system
 * serial. Everything else is kept as sent (strategies of plugins may read more) but not required.
 */
export const lookupInventorySchema = z.looseObject({
  interfaces: z.array(inventoryInterfaceSchema.partial({ name: true }).extend({ mac_address: z.string().nullable().optional() })),
  bmc_address: z.string().nullable().optional(),
  bmc_v6address: z.string().nullable().optional(),
  system_vendor: inventorySystemVendorSchema.nullable().optional(),
});
