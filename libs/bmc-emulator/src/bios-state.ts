import { redfishError } from './redfish-errors';

type Json = Record<string, unknown>;
type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
type Value = string | number | boolean | null;

/**
 * A system's BIOS as a Redfish BMC keeps it (DSP0266 "Settings resource"): the current Attributes, the
 * changes written to the settings object (Bios/Settings), which take effect at the next boot, and a
 * pending ResetBios, which brings back the factory values at that boot. Starts from the mockup's
 * current attributes, which are also the factory defaults here.
 */
export class BiosState {
  private current: Record<string, Value>;
  private pending: Record<string, Value> = {};
  private resetPending = false;

  constructor(private readonly defaults: Readonly<Record<string, Value>>) {
    this.current = { ...defaults };
  }

  get attributes(): Readonly<Record<string, Value>> {
    return this.current;
  }

  /** GET …/Bios: the mockup document with the attributes in force and the reset flag. */
  currentDoc(doc: Json): Json {
    const settings = { ...((doc['@Redfish.Settings'] as Json | undefined) ?? {}) };
    // The mockup's settings record a failed apply from 2016; this BMC has applied nothing yet.
    delete settings.Messages;
    return { ...doc, Attributes: { ...this.current }, ResetBiosToDefaultsPending: this.resetPending, '@Redfish.Settings': settings };
  }

  /** GET …/Bios/Settings: what the next boot will bring. */
  pendingDoc(doc: Json): Json {
    return { ...doc, Attributes: { ...this.current, ...this.pending } };
  }

  /** PATCH …/Bios/Settings with { Attributes }: each must exist and keep its type; stored until the next boot. */
  patch(body: Json): Reply {
    for (const key of Object.keys(body)) {
      if (key !== 'Attributes' && key !== '@Redfish.SettingsApplyTime') return redfishError(400, 'PropertyUnknown', `The property ${key} is not in the list of valid properties for the resource.`);
    }
    const attributes = body.Attributes;
    if (!attributes || typeof attributes !== 'object' || Array.isArray(attributes)) {
      return redfishError(400, 'PropertyValueTypeError', 'The value for the property Attributes is of a different type than the property can accept.');
    }
    const changes = attributes as Record<string, unknown>;
    for (const [name, value] of Object.entries(changes)) {
      if (!(name in this.defaults)) return redfishError(400, 'PropertyUnknown', `The property ${name} is not in the list of valid properties for the resource.`);
      if (typeof value !== typeof this.defaults[name] || value === null) {
        return redfishError(400, 'PropertyValueTypeError', `The value ${JSON.stringify(value)} for the property ${name} is of a different type than the property can accept.`);
      }
    }
    Object.assign(this.pending, changes);
    return { status: 204 };
  }

  /** POST …/Bios/Actions/Bios.ResetBios: factory values at the next boot (and pending changes dropped). */
  reset(): Reply {
    this.resetPending = true;
    this.pending = {};
    return { status: 204 };
  }

  /** The system booted: a pending reset, then pending changes, take effect. Returns whether anything changed. */
  boot(): boolean {
    if (!this.resetPending && !Object.keys(this.pending).length) return false;
    if (this.resetPending) this.current = { ...this.defaults };
    Object.assign(this.current, this.pending);
    this.pending = {};
    this.resetPending = false;
    return true;
  }
}
