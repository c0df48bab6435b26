import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';

/** What the dashboard is made of; anything else in the folder is not served. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface DashboardAsset {
  type: string;
  body: Buffer;
}

/**
 * The dashboard's files, read once at start-up from `assets/` beside this module: the source folder when
 * specs run the TypeScript, `dist/apps/api/src/dashboard/assets` (copied by tools/build.mjs) in production.
 * Served from memory by name, so no request path ever reaches the file system.
 */
export class DashboardAssets {
  private readonly files = new Map<string, DashboardAsset>();

  constructor(readonly dir = join(__dirname, 'assets')) {
    for (const name of readdirSync(dir)) {
      const type = CONTENT_TYPES[extname(name)];
      if (type) this.files.set(name, { type, body: readFileSync(join(dir, name)) });
    }
  }

  get(name: string): DashboardAsset | undefined {
    return this.files.get(name);
  }

  names(): string[] {
    return [...this.files.keys()].sort();
  }
}
