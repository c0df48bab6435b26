import { Controller, Get, Header, Inject } from '@nestjs/common';
import { isPublicApiPath } from '@ferrum/auth';
import { apiMaximum, type Schema } from '@ferrum/contracts';
import type { ApiConfig } from '../api.config';
import { RouteTable } from '../common/route-table';
import { V1_COLLECTIONS } from '../root/version-documents';
import { CONFIG } from '../tokens';
import { DOCS_STYLE } from './docs.style';
import { renderDocsPage } from './docs-page';
import { buildOpenApiDocument } from './openapi-document';
import { RouteHandlers } from './route-handlers';

/**
 * The API reference: `/v1/ferrum/openapi.json` (OpenAPI 3.1) and `/docs` (the same, as a page). Public, as the
 * version documents are (libs/auth public routes), and answering no policy: it describes routes, not data.
 * Built on first request, once every route is registered, then kept: the routes do not change while serving.
 */
@Controller()
export class OpenApiController {
  private document?: Schema;
  private page?: string;
  private readonly maximum: number;

  constructor(
    private readonly routes: RouteTable,
    private readonly handlers: RouteHandlers,
    @Inject(CONFIG) config: ApiConfig,
  ) {
    this.maximum = apiMaximum(config.pinReleaseVersion);
  }

  // Below 1.91 Ironic drops a path's `.json` before routing (path-rewrite.ts), so the bare path is the same document.
  @Get(['v1/ferrum/openapi.json', 'v1/ferrum/openapi'])
  openapi(): Schema {
    return this.built();
  }

  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  docs(): string {
    return (this.page ??= renderDocsPage(this.built()));
  }

  @Get('docs/reference.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  style(): string {
    return DOCS_STYLE;
  }

  private built(): Schema {
    return (this.document ??= buildOpenApiDocument({
      routes: this.routes.list(),
      handlerOf: (method, url) => this.handlers.find(method, url),
      collections: V1_COLLECTIONS,
      isPublic: isPublicApiPath,
      maximum: this.maximum,
    }));
  }
}
