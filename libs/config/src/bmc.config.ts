import { z } from 'zod';
import { option } from './option';

/** Options of the ipmitool and redfish drivers (Ironic's [ipmi], [redfish] and the power waits of [conductor]). */
export const bmcOptions = {
  ipmiMinCommandIntervalMs: option(
    'FERRUM_IPMI_MIN_COMMAND_INTERVAL_MS',
    z.coerce.number().int().min(0).max(60_000).default(5000),
    'Minimum time between two ipmitool calls to the same BMC (Ironic [ipmi] min_command_interval: BMCs drop sessions under back-to-back calls). Calls to one BMC are always serialized.',
  ),
  ipmiCommandRetryTimeoutS: option(
    'FERRUM_IPMI_COMMAND_RETRY_TIMEOUT_S',
    z.coerce.number().min(0).max(3600).default(60),
    'How long an ipmitool call that got no answer (or a busy BMC) is retried before it fails (Ironic [ipmi] command_retry_timeout). A refused password fails at once.',
  ),
  ipmiAttemptTimeoutS: option(
    'FERRUM_IPMI_ATTEMPT_TIMEOUT_S',
    z.coerce.number().int().min(1).max(60).default(1),
    'How long one ipmitool attempt waits for an answer (ipmitool -N, with -R 1: an unreachable BMC costs about twice this per attempt).',
  ),
  ipmiMaxParallel: option(
    'FERRUM_IPMI_MAX_PARALLEL',
    z.coerce.number().int().min(1).max(1000).default(32),
    'ipmitool processes a conductor runs at once, across all BMCs.',
  ),
  ipmitoolPath: option('FERRUM_IPMITOOL_PATH', z.string().min(1).default('ipmitool'), 'The ipmitool binary (looked up in PATH).'),
  redfishConnectionAttempts: option(
    'FERRUM_REDFISH_CONNECTION_ATTEMPTS',
    z.coerce.number().int().min(1).max(100).default(5),
    'Attempts per Redfish request when the BMC cannot be reached or answers 5xx (Ironic [redfish] connection_attempts).',
  ),
  redfishConnectionRetryIntervalMs: option(
    'FERRUM_REDFISH_CONNECTION_RETRY_INTERVAL_MS',
    z.coerce.number().int().min(0).max(600_000).default(4000),
    'Wait between those attempts (Ironic [redfish] connection_retry_interval, 4 s).',
  ),
  redfishRequestTimeoutMs: option(
    'FERRUM_REDFISH_REQUEST_TIMEOUT_MS',
    z.coerce.number().int().min(100).max(600_000).default(60_000),
    'Timeout of one Redfish request (connect, headers, body).',
  ),
  redfishAuthType: option(
    'FERRUM_REDFISH_AUTH_TYPE',
    z.enum(['basic', 'session', 'auto']).default('auto'),
    'Redfish authentication when driver_info has no redfish_auth_type: basic, session, or auto (session, falling back to basic when the BMC has no session service).',
  ),
  redfishConnectionsPerBmc: option(
    'FERRUM_REDFISH_CONNECTIONS_PER_BMC',
    z.coerce.number().int().min(1).max(1000).default(8),
    'Keep-alive HTTP connections per Redfish BMC address (nodes behind one BMC share them).',
  ),
  redfishFirmwareUpdateStatusIntervalMs: option(
    'FERRUM_REDFISH_FIRMWARE_UPDATE_STATUS_INTERVAL_MS',
    z.coerce.number().int().min(10).max(3_600_000).default(5000),
    "Interval between reads of a firmware update's BMC task (Ironic [redfish] firmware_update_status_interval, 60 s, polled for all nodes at once; here each update step polls its own).",
  ),
  redfishFirmwareUpdateOverallTimeoutS: option(
    'FERRUM_REDFISH_FIRMWARE_UPDATE_OVERALL_TIMEOUT_S',
    z.coerce.number().min(0).max(604_800).default(7200),
    'A firmware update step fails after this long; 0: never (Ironic [redfish] firmware_update_overall_timeout).',
  ),
  redfishFirmwareUpdateRebootDelayS: option(
    'FERRUM_REDFISH_FIRMWARE_UPDATE_REBOOT_DELAY_S',
    z.coerce.number().min(0).max(86_400).default(300),
    "How long the new version of an updated BMC is waited for, unless the update's `wait` says (Ironic [redfish] firmware_update_reboot_delay).",
  ),
  redfishFirmwareUpdateBmcVersionCheckIntervalMs: option(
    'FERRUM_REDFISH_FIRMWARE_UPDATE_BMC_VERSION_CHECK_INTERVAL_MS',
    z.coerce.number().int().min(10).max(3_600_000).default(30_000),
    "Interval between reads of an updated BMC's version (Ironic [redfish] firmware_update_bmc_version_check_interval, 30 s).",
  ),
  redfishFirmwareUpdateNicStartingWaitS: option(
    'FERRUM_REDFISH_FIRMWARE_UPDATE_NIC_STARTING_WAIT_S',
    z.coerce.number().min(0).max(86_400).default(30),
    "A NIC update's task still Starting after this long gets a reboot to start it (Ironic [redfish] firmware_update_nic_starting_wait).",
  ),
  redfishFirmwareUpdateRequiredSuccesses: option(
    'FERRUM_REDFISH_FIRMWARE_UPDATE_REQUIRED_SUCCESSES',
    z.coerce.number().int().min(0).max(100).default(3),
    'Answers in a row the system and its manager must give after each firmware update before the step goes on; 0: no check (Ironic [redfish] firmware_update_required_successes).',
  ),
  redfishFirmwareUpdateValidationIntervalMs: option(
    'FERRUM_REDFISH_FIRMWARE_UPDATE_VALIDATION_INTERVAL_MS',
    z.coerce.number().int().min(0).max(3_600_000).default(30_000),
    'Interval between those checks (Ironic [redfish] firmware_update_validation_interval, 30 s).',
  ),
  redfishFirmwareUpdateResourceValidationTimeoutS: option(
    'FERRUM_REDFISH_FIRMWARE_UPDATE_RESOURCE_VALIDATION_TIMEOUT_S',
    z.coerce.number().min(0).max(86_400).default(480),
    'How long the BMC has to answer steadily after a firmware update before the step fails; 0: no check (Ironic [redfish] firmware_update_resource_validation_timeout).',
  ),
  powerStateChangeTimeoutS: option(
    'FERRUM_POWER_STATE_CHANGE_TIMEOUT_S',
    z.coerce.number().min(1).max(3600).default(60),
    'How long a power action waits for the BMC to report the target state before it fails (Ironic [conductor] power_state_change_timeout).',
  ),
  softPowerOffTimeoutS: option(
    'FERRUM_SOFT_POWER_OFF_TIMEOUT_S',
    z.coerce.number().min(1).max(86_400).default(600),
    'Default wait for soft power off and soft reboot when the request gives no timeout (Ironic [conductor] soft_power_off_timeout).',
  ),
  powerPollIntervalMs: option(
    'FERRUM_POWER_POLL_INTERVAL_MS',
    z.coerce.number().int().min(10).max(60_000).default(1000),
    'Interval between Redfish PowerState reads while waiting for a power action (IPMI polls at FERRUM_IPMI_MIN_COMMAND_INTERVAL_MS).',
  ),
  defaultBootMode: option(
    'FERRUM_DEFAULT_BOOT_MODE',
    z.enum(['uefi', 'bios']).default('uefi'),
    'Boot mode the BMC drivers ask for when the node has no boot_mode capability (Ironic [deploy] default_boot_mode).',
  ),
};
