import type { BiosState } from './bios-state';

/** What a real BMC remembers about one ComputerSystem beyond the static mockup data. */
export interface SystemState {
  id: string;
  powerState: 'On' | 'Off';
  boot: {
    BootSourceOverrideTarget: string;
    BootSourceOverrideEnabled: string;
    BootSourceOverrideMode: string;
  };
  /** Resets waiting for their delay to pass, applied in the order they came. */
  pending: Set<NodeJS.Timeout>;
  /** Its BIOS settings, when the mockup's system has a Bios resource. */
  bios?: BiosState;
  /** IndicatorLED (Lit, Blinking, Off), as last set. */
  indicatorLed: string;
  /** SecureBoot's SecureBootEnable, and the key reset last asked for, when the mockup's system has SecureBoot. */
  secureBoot?: { enabled: boolean; lastKeyReset?: string };
  /** Status.Health as a test set it (OK, Warning, Critical); unset: the mockup's. */
  health?: string;
}

/** Events a virtual lab builds on (a VM started when its system powers on, stopped when it powers off…). */
export interface EmulatorEvents {
  /** PowerState changed (after the configured delay). */
  power: [{ system: string; from: 'On' | 'Off'; to: 'On' | 'Off'; resetType: string }];
  /** The system started booting; `device` is the override target in force, or 'Hdd' (normal boot order). */
  boot: [{ system: string; device: string; mode: string; once: boolean }];
  /** A PATCH changed the boot override. */
  'boot-override': [{ system: string; boot: SystemState['boot'] }];
  /** An NMI was requested. */
  nmi: [{ system: string }];
  /** What a system's virtual drive holds changed: `image` is the URL now mounted, or null (ejected). */
  vmedia: [{ system: string; device: string; image: string | null; mediaTypes: string[]; writeProtected: boolean }];
  /** SecureBootEnable changed, or the keys were reset. */
  'secure-boot': [{ system: string; enabled: boolean; keyReset?: string }];
  /** A system's or chassis' IndicatorLED was set. */
  indicator: [{ resource: string; led: string }];
  /** A boot applied pending BIOS changes (or a BIOS reset); the attributes now in force. */
  bios: [{ system: string; attributes: Record<string, unknown> }];
}

/** Reset types and the power state each leads to from On / from Off (a restart from Off powers on, as most BMCs do). */
export const RESET_EFFECT: Record<string, { fromOn: 'On' | 'Off' | 'restart'; fromOff: 'On' | 'Off' }> = {
  On: { fromOn: 'On', fromOff: 'On' },
  ForceOn: { fromOn: 'On', fromOff: 'On' },
  ForceOff: { fromOn: 'Off', fromOff: 'Off' },
  GracefulShutdown: { fromOn: 'Off', fromOff: 'Off' },
  GracefulRestart: { fromOn: 'restart', fromOff: 'On' },
  ForceRestart: { fromOn: 'restart', fromOff: 'On' },
  PowerCycle: { fromOn: 'restart', fromOff: 'On' },
  PushPowerButton: { fromOn: 'Off', fromOff: 'On' },
  Nmi: { fromOn: 'On', fromOff: 'Off' },
};
