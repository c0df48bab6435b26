import { Injectable } from '@nestjs/common';
import { Microversion } from '@ferrum/contracts';
import { Invalid, InvalidParameterValue } from '@ferrum/errors';
import { Args, rejectUnexpected, toBoolean, toStringArg, toStringList } from '../common/args';
import { notAcceptable } from '../common/fields';
import { IronicRequest, allows } from '../common/ironic-request';
import { DriverCatalog } from './driver-catalog.service';
import { DriverView } from './driver.view';

/** `?fields=` on the driver list and show (Ironic's versions.py MINOR_77); not named in @ferrum/contracts yet. */
export const DRIVER_FIELDS_SELECTOR = 77;

/** GET /v1/drivers and /v1/drivers/{name} (§11), computed from the database only. */
@Injectable()
export class DriverListService {
  constructor(
    private readonly catalog: DriverCatalog,
    private readonly view: DriverView,
  ) {}

  /** Checks in Ironic's order: fields with detail (400), the detail, type and fields gates (406), then the type value (400). */
  async list(req: IronicRequest, args: Args): Promise<{ drivers: Record<string, unknown>[] }> {
    rejectUnexpected(args, ['type', 'detail', 'fields']);
    const type = toStringArg('type', args.type);
    const detail = toBoolean('detail', args.detail);
    const fields = toStringList('fields', args.fields);
    if (fields !== undefined && detail) {
      throw new InvalidParameterValue({ message: 'Can not specify ?detail=True and fields in the same request.' });
    }
    if (detail !== undefined && !allows(req, Microversion.DYNAMIC_DRIVERS)) throw notAcceptable(Microversion.DYNAMIC_DRIVERS);
    if (type !== undefined && !allows(req, Microversion.DYNAMIC_DRIVERS)) throw notAcceptable(Microversion.DYNAMIC_DRIVERS);
    this.checkFieldsAllowed(req, fields);
    if (type !== undefined && type !== 'classic' && type !== 'dynamic') {
      throw new Invalid({ message: '"type" filter must be one of "classic" or "dynamic", if specified.' });
    }
    // Classic drivers are gone since Rocky: asking for them is valid and finds nothing.
    const drivers = type === 'classic' ? [] : await this.catalog.list();
    // A field list picks from the detailed form, so detail-only fields can be asked for by name.
    return { drivers: drivers.map((d) => this.view.render(d, req, detail === true || fields !== undefined, fields)) };
  }

  /** Always the detailed form; an unknown or inactive hardware type is a 404. */
  async show(req: IronicRequest, name: string, args: Args): Promise<Record<string, unknown>> {
    rejectUnexpected(args, ['fields']);
    const fields = toStringList('fields', args.fields);
    this.checkFieldsAllowed(req, fields);
    return this.view.render(await this.catalog.get(name), req, true, fields);
  }

  /** Ironic's _check_allow_driver_fields: a bare "Request not acceptable." below 1.77. */
  private checkFieldsAllowed(req: IronicRequest, fields: string[] | undefined): void {
    if (fields !== undefined && !allows(req, DRIVER_FIELDS_SELECTOR)) throw notAcceptable();
  }
}
