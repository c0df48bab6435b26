import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * A DMTF mockup in "short form" (`<dir>/<rest>/index.json` is `/redfish/v1/<rest>`), read once into
 * memory as text. Documents are parsed on request, so the emulator can rewrite them per system.
 */
export class MockupStore {
  private readonly docs = new Map<string, string>();

  constructor(readonly dir: string) {
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const path = join(d, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name === 'index.json') this.docs.set(MockupStore.normalize(`/redfish/v1/${relative(dir, d)}`), readFileSync(path, 'utf8'));
      }
    };
    walk(dir);
    if (!this.docs.has('/redfish/v1')) throw new Error(`${dir} is not a Redfish mockup: no index.json at its top`);
  }

  /** `/redfish/v1/Systems/` and `/redfish/v1/Systems` are the same resource. */
  static normalize(path: string): string {
    return path.replace(/\/+$/, '') || '/';
  }

  text(path: string): string | undefined {
    return this.docs.get(MockupStore.normalize(path));
  }

  paths(): string[] {
    return [...this.docs.keys()];
  }
}
