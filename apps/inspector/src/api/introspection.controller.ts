import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { Invalid, NotFound } from '@ferrum/errors';
import { INTROSPECTION_STATES } from '@ferrum/state-machines';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { INSPECTOR_CORE, InspectorCore } from '../inspector-core';
import { statusOf } from '../introspection/status-view';
import { atLeast } from './api-version';
import { baseUrl } from './links';

function bool(value: string | undefined, name: string, def: boolean): boolean {
  if (value === undefined) return def;
  const v = value.toLowerCase();
  if (['true', '1', 'yes', 'on', 't', 'y'].includes(v)) return true;
  if (['false', '0', 'no', 'off', 'f', 'n'].includes(v)) return false;
  throw new Invalid({ message: `Invalid boolean value for ${name}: ${value}` });
}

/** ironic-inspector's introspection resources (§2). */
@Controller('v1/introspection')
export class IntrospectionController {
  constructor(@Inject(INSPECTOR_CORE) private readonly core: InspectorCore) {}

  private view(req: FastifyRequest, row: Parameters<typeof statusOf>[0]) {
    return { ...statusOf(row), links: [{ rel: 'self', href: `${baseUrl(req)}/v1/introspection/${row.uuid}` }] };
  }

  @Get()
  async list(@Req() req: FastifyRequest, @Query('marker') marker?: string, @Query('limit') limit?: string, @Query('state') state?: string) {
    let size = this.core.maxLimit;
    if (limit !== undefined) {
      if (!/^\d+$/.test(limit)) throw new Invalid({ message: `Limit must be a non-negative integer, got ${limit}` });
      const n = Number(limit);
      if (n > this.core.maxLimit) throw new Invalid({ message: `Limit is over the maximum of ${this.core.maxLimit}` });
      if (n > 0) size = n;
    }
    let states: string[] | undefined;
    if (state !== undefined && atLeast(req, 18)) {
      states = state.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = states.filter((s) => !(INTROSPECTION_STATES as readonly string[]).includes(s));
      if (bad.length) throw new Invalid({ message: `Invalid state(s): ${bad.join(', ')}` });
    }
    let markerRow;
    if (marker !== undefined) {
      markerRow = await this.core.repos.introspections.get(marker).catch(() => undefined);
      if (!markerRow) throw new NotFound({ message: `Node ${marker} was not found in cache` });
    }
    const rows = await this.core.repos.introspections.list({ limit: size, marker: markerRow, states });
    return { introspection: rows.map((r) => this.view(req, r)) };
  }

  @Post(':node')
  @HttpCode(202)
  async start(@Param('node') node: string, @Query('manage_boot') manageBoot?: string) {
    await this.core.introspection.start(node, bool(manageBoot, 'manage_boot', true));
    return {};
  }

  @Get(':node')
  async status(@Req() req: FastifyRequest, @Param('node') node: string) {
    return this.view(req, await this.core.introspection.status(node));
  }

  @Post(':node/abort')
  @HttpCode(202)
  async abort(@Param('node') node: string) {
    await this.core.introspection.abort(node);
    return {};
  }

  @Get(':node/data')
  async data(@Param('node') node: string, @Res() reply: FastifyReply) {
    return this.sendData(node, true, reply);
  }

  @Post(':node/data/unprocessed')
  @HttpCode(202)
  async reapply(@Param('node') node: string, @Body() body: unknown) {
    await this.core.processing.reapply(node, body);
    return {};
  }

  @Get(':node/data/unprocessed')
  async unprocessed(@Param('node') node: string, @Res() reply: FastifyReply) {
    return this.sendData(node, false, reply);
  }

  private async sendData(node: string, processed: boolean, reply: FastifyReply): Promise<void> {
    if (!this.core.storeData) throw new NotFound({ message: 'Inspector is not configured to store data. Set FERRUM_INSPECTOR_STORE_DATA=database to enable it.' });
    const row = await this.core.introspection.status(node);
    const data = await this.core.repos.introspections.getData(row.uuid, processed);
    if (data === undefined) throw new NotFound({ message: `Introspection data not found for node ${row.uuid}, processed=${processed}` });
    await reply.header('content-type', 'application/json').send(JSON.stringify(data));
  }
}
