import { ProvisionState as S } from '@ferrum/state-machines';

export { UPDATE_ALLOWED_STATES, deleteAllowedStates } from '@ferrum/state-machines';

/** States in which interfaces, driver and resource_class may change (or any state in maintenance), §6.4. */
export const INTERFACE_CHANGE_STATES: readonly string[] = [S.ENROLL, S.INSPECTING, S.INSPECTWAIT, S.MANAGEABLE, S.AVAILABLE];

/** Port connectivity fields may change only here (or in maintenance), §9. */
export const PORT_CONNECTIVITY_STATES: readonly string[] = [S.ENROLL, S.INSPECTING, S.INSPECTWAIT, S.MANAGEABLE];
