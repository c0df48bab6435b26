/**
 * Every registered route (method + pattern), so that a path that exists under other methods is
 * answered 405 instead of 404, as Ironic's controllers do.
 */
export class RouteTable {
  private readonly routes: { method: string; url: string; pattern: RegExp }[] = [];

  /** Every route as registered (`/v1/nodes/:ident`): what the fuzz suite walks. */
  list(): { method: string; url: string }[] {
    return this.routes.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS').map(({ method, url }) => ({ method, url }));
  }

  add(method: string, url: string): void {
    const pattern = new RegExp(
      `^${url
        .split('/')
        .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/')}$`,
    );
    this.routes.push({ method: method.toUpperCase(), url, pattern });
  }

  /** Methods that would have matched this path, HEAD and OPTIONS left out. */
  allowedMethods(path: string): string[] {
    const methods = this.routes.filter((r) => r.pattern.test(path)).map((r) => r.method);
    return [...new Set(methods)].filter((m) => m !== 'HEAD' && m !== 'OPTIONS').sort();
  }
}
