import { HttpException, NotFoundException } from '@nestjs/common';
import * as errors from '@ferrum/errors';
import { ERROR_CODES, ERROR_STATUS, FerrumError } from '@ferrum/errors';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { FrameworkError, RecodedError } from './framework-error';
import { IronicExceptionFilter } from './ironic-exception.filter';
import { RouteTable } from './route-table';

describe('the error filter', () => {
  const routes = new RouteTable();
  routes.add('GET', '/v1/nodes');
  routes.add('POST', '/v1/nodes');
  routes.add('HEAD', '/v1/nodes');
  routes.add('GET', '/v1/nodes/:ident');
  const logged: unknown[] = [];
  const logger = { warn: (o: unknown) => logged.push(o), error: (o: unknown) => logged.push(o) } as unknown as Logger;
  const filter = new IronicExceptionFilter(logger, routes);
  const request = (method = 'GET', url = '/v1/nodes') => ({ method, url, ironic: { requestId: 'req-1' } }) as unknown as FastifyRequest;
  const inner = (body: { error_message: string }) => JSON.parse(body.error_message) as Record<string, unknown>;

  const classes = Object.values(errors).filter((v): v is typeof errors.NodeLocked => typeof v === 'function' && 'code' in v);

  it.each(ERROR_CODES.map((code) => [code, ERROR_STATUS[code]] as const))('answers %s with %d and the faultcode body', (code, status) => {
    const cls = classes.find((c) => c.code === code)!;
    const error = new cls({ node: 'n1', host: 'h', message: 'm', valid: ['a'] } as never);
    const rendered = filter.render(error, request());
    expect(rendered.status).toBe(status);
    expect(inner(rendered.body)).toEqual({ faultcode: status >= 500 ? 'Server' : 'Client', faultstring: error.message, debuginfo: null });
  });

  it('writes the inner document with Python spacing, as Ironic does', () => {
    const rendered = filter.render(new errors.NodeLocked({ node: 'n1', host: 'c1' }), request());
    expect(rendered.body.error_message).toBe(
      '{"faultcode": "Client", "faultstring": "Node n1 is locked by host c1, please retry after the current operation is completed.", "debuginfo": null}',
    );
  });

  it('re-codes a referenced resource that is missing without changing the message', () => {
    const rendered = filter.render(new RecodedError(new errors.NodeNotFound({ node: 'n9' }), 400), request());
    expect(rendered.status).toBe(400);
    expect(inner(rendered.body).faultstring).toBe('Node n9 could not be found.');
  });

  it('renders router errors in the framework shape', () => {
    const rendered = filter.render(new FrameworkError(400, 'Expected UUID for port_uuid: x'), request());
    expect(inner(rendered.body)).toEqual({ code: 400, title: 'Bad Request', description: 'Expected UUID for port_uuid: x' });
  });

  it('tells 405 from 404 by the routes that exist under other methods', () => {
    const wrongMethod = filter.render(new NotFoundException(), request('PUT', '/v1/nodes'));
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers).toEqual({ Allow: 'GET, POST' });
    expect(inner(wrongMethod.body)).toEqual({ code: 405, title: 'Method Not Allowed', description: '' });
    expect(filter.render(new NotFoundException(), request('GET', '/v1/nodes/x/bogus')).status).toBe(404);
  });

  it("answers where Ironic's controllers answer for a method they route to a handler", () => {
    const noIdent = filter.render(new NotFoundException(), request('DELETE', '/v1/nodes'));
    expect(noIdent.status).toBe(400);
    expect(inner(noIdent.body).faultstring).toBe('Missing mandatory parameter: node_ident');
    const postOnNode = filter.render(new NotFoundException(), request('POST', '/v1/nodes/n1'));
    expect(inner(postOnNode.body).faultstring).toBe("Schema error for node: 'n1' is not of type 'object'");
    expect(filter.render(new NotFoundException(), request('GET', '/v1/nodes/n1/management')).status).toBe(405);
  });

  it('names the port identifier as Ironic 23.1 does: port_ident for PATCH, port_uuid for DELETE', () => {
    expect(inner(filter.render(new NotFoundException(), request('PATCH', '/v1/ports')).body).faultstring).toBe('Missing mandatory parameter: port_ident');
    expect(inner(filter.render(new NotFoundException(), request('DELETE', '/v1/ports')).body).faultstring).toBe('Missing mandatory parameter: port_uuid');
  });

  it('passes on Fastify client errors such as an oversized body', () => {
    const rendered = filter.render(new HttpException('Request body is too large', 413), request('POST'));
    expect(rendered.status).toBe(413);
    expect(inner(rendered.body).faultcode).toBe('Client');
  });

  it('hides unexpected errors behind a generic 500 and logs them under err', () => {
    logged.length = 0;
    const boom = new TypeError('db password is hunter2');
    const rendered = filter.render(boom, request());
    expect(rendered.status).toBe(500);
    expect(inner(rendered.body)).toEqual({ faultcode: 'Server', faultstring: 'Internal Server Error', debuginfo: null });
    expect(logged).toEqual([expect.objectContaining({ err: boom, requestId: 'req-1' })]);
  });

  it('treats a code it has no class for by its family status', () => {
    const rendered = filter.render(new FerrumError('Conflict', 'busy'), request());
    expect(rendered.status).toBe(409);
  });
});
