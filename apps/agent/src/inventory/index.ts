export { collectInventory, defaultRootDisk, type InventoryOptions } from './collect-inventory';
