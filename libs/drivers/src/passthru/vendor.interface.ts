import type { PropertyDescriptions } from '../interfaces/base.interface';
import type { ConductorCallbacks } from '../agent/conductor-callbacks';
import type { SharedTask } from '../task';

/** What a driver-level vendor method receives instead of a task: there is no node and no lock. */
export interface DriverContext {
  /** The hardware type the call was made for. */
  driver: string;
  /** The conductor answering; driver calls go to a random live conductor offering the driver. */
  conductor: string;
  /** Conductor services (agent lookup) a driver method may use; set by the conductor. */
  callbacks?: ConductorCallbacks;
}

/**
 * Vendor passthru: methods a driver exposes through the API, per node (`@passthru`) and per driver
 * (`@driverPassthru`). The methods are found from the decorators; this interface adds the checks.
 */
export interface VendorInterface {
  getProperties(): PropertyDescriptions;
  /**
   * Checks a node-level call (or, with no method, the node in general). Runs before the method, under
   * the lock; the API turns its errors into 400s.
   * @throws InvalidParameterValue, MissingParameterValue, UnsupportedDriverExtension
   */
  validate(task: SharedTask, method?: string, args?: Record<string, unknown>): Promise<void>;
  /** Checks a driver-level call. @throws as validate */
  driverValidate?(ctx: DriverContext, method: string, args: Record<string, unknown>): Promise<void>;
}
