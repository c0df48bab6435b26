export interface Link {
  href: string;
  rel: string;
  type?: string;
}

/**
 * Absolute links, built as Ironic's link.build_url does: `{base}/v1/{resource}/{args}` for `self`,
 * `{base}/{resource}/{args}` for `bookmark`; args starting with `?` are appended without a slash.
 */
export class Links {
  private base: string;

  constructor(base: string) {
    this.base = base.replace(/\/+$/, '');
  }

  /** Set once the server knows its port (port 0 in tests) when no public URL is configured. */
  setBase(base: string): void {
    this.base = base.replace(/\/+$/, '');
  }

  get publicUrl(): string {
    return this.base;
  }

  url(resource: string, args: string, bookmark = false): string {
    const root = bookmark ? `${this.base}/${resource}` : `${this.base}/v1/${resource}`;
    return args.startsWith('?') ? `${root}${args}` : `${root}/${args}`;
  }

  /** The usual `[self, bookmark]` pair. */
  pair(resource: string, args: string): Link[] {
    return [
      { href: this.url(resource, args), rel: 'self' },
      { href: this.url(resource, args, true), rel: 'bookmark' },
    ];
  }
}
