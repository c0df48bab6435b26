import type { SharedTask } from '../task';

/** driver_info keys an interface reads, each described with "Required." or "Optional." as Ironic does. */
export interface PropertyDescriptions {
  [property: string]: string;
}

/** What every interface implementation of every kind offers. */
export interface BaseInterface {
  /** Properties of driver_info this implementation reads (merged into /v1/drivers/{name}/properties). */
  getProperties(): PropertyDescriptions;
  /**
   * Checks the node has what this interface needs. Runs inside an API request (node validate,
   * before power and provision actions): no slow calls to hardware.
   * @throws InvalidParameterValue, MissingParameterValue, UnsupportedDriverExtension
   */
  validate(task: SharedTask): Promise<void>;
}
