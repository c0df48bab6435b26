import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { IntrospectionRuleRecord } from '@ferrum/persistence';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { INSPECTOR_CORE, InspectorCore } from '../inspector-core';
import { atLeast } from './api-version';
import { baseUrl } from './links';

/** Introspection rules CRUD (§2, §10). */
@Controller('v1/rules')
export class RulesController {
  constructor(@Inject(INSPECTOR_CORE) private readonly core: InspectorCore) {}

  private view(req: FastifyRequest, rule: IntrospectionRuleRecord, full: boolean) {
    const links = [{ rel: 'self', href: `${baseUrl(req)}/v1/rules/${rule.uuid}` }];
    const summary = { uuid: rule.uuid, description: rule.description, scope: rule.scope, links };
    if (!full) return summary;
    // invert and multiple are shown from 1.11 on.
    const conditions = atLeast(req, 11) ? rule.conditions : rule.conditions.map(({ invert: _i, multiple: _m, ...c }) => c);
    return { ...summary, conditions, actions: rule.actions };
  }

  @Get()
  async list(@Req() req: FastifyRequest) {
    return { rules: (await this.core.rules.list()).map((r) => this.view(req, r, false)) };
  }

  @Post()
  async create(@Req() req: FastifyRequest, @Body() body: unknown, @Res() reply: FastifyReply): Promise<void> {
    const rule = await this.core.rules.create(body);
    // 201 from 1.6 on; older clients get 200.
    await reply.code(atLeast(req, 6) ? 201 : 200).send(this.view(req, rule, true));
  }

  @Get(':uuid')
  async get(@Req() req: FastifyRequest, @Param('uuid') uuid: string) {
    return this.view(req, await this.core.rules.get(uuid), true);
  }

  @Delete()
  @HttpCode(204)
  async deleteAll(): Promise<void> {
    await this.core.rules.deleteAll();
  }

  @Delete(':uuid')
  @HttpCode(204)
  async delete(@Param('uuid') uuid: string): Promise<void> {
    await this.core.rules.delete(uuid);
  }
}
