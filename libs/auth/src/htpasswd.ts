/** The bcrypt prefixes Ironic accepts (`htpasswd -B` writes `$2y$`); MD5, SHA and crypt entries are refused. */
const BCRYPT = /^\$2[aby]\$/;

export class HtpasswdError extends Error {}

/**
 * Parses an Apache htpasswd file as Ironic's `http_basic` reads it: one `user:digest` per line, the first
 * line of a user wins, blank lines (and here `#` comments) skipped, and every digest bcrypt. An entry
 * that is not bcrypt is refused with its line number, so a wrong file stops start-up instead of locking
 * users out one request at a time.
 */
export function parseHtpasswd(text: string, source: string): Map<string, string> {
  const users = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || !line.includes(':')) return;
    const colon = line.indexOf(':');
    const user = line.slice(0, colon);
    const digest = line.slice(colon + 1);
    if (!BCRYPT.test(digest)) {
      throw new HtpasswdError(`${source} line ${index + 1}: only bcrypt digests ($2y$, $2a$, $2b$) are supported, as in Ironic; user ${JSON.stringify(user)} has another kind (create entries with "htpasswd -B")`);
    }
    if (!users.has(user)) users.set(user, digest);
  });
  return users;
}
