/**
 * oslo.utils' _SANITIZE_KEYS (they must be lower-case): a dict key *containing* one of these has its
 * value masked, so `ipmi_password` and `ssh_key_passphrase` are hidden too.
 */
const SANITIZE_KEYS = [
  'adminpass', 'admin_pass', 'password', 'admin_password', 'auth_token', 'new_pass', 'auth_password', 'secret_uuid',
  'secret', 'sys_pswd', 'token', 'configdrive', 'chappassword', 'encrypted_key', 'private_key', 'encryption_key_id',
  'fernetkey', 'sslkey', 'passphrase', 'cephclusterfsid', 'octaviaheartbeatkey', 'rabbitcookie', 'cephmanilaclientkey',
  'pacemakerremoteauthkey', 'designaterndckey', 'cephadminkey', 'heatauthencryptionkey', 'cephclientkey',
  'keystonecredential', 'barbicansimplecryptokek', 'cephrgwkey', 'swifthashsuffix', 'migrationsshkey', 'cephmdskey',
  'cephmonkey',
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// oslo's mask_password patterns: two-group ones keep what follows the secret, one-group ones do not.
const TWO_GROUPS = [
  (k: string) => `(${k}[0-9]*\\s*[=]\\s*["'])[^"']*(["'])`,
  (k: string) => `(${k}[0-9]*\\s+["'])[^"']*(["'])`,
  (k: string) => `([-]{2}${k}[0-9]*\\s+)[^'^"^=^\\s]+([\\s]*)`,
  (k: string) => `(<${k}[0-9]*>)[^<]*(</${k}[0-9]*>)`,
  (k: string) => `(["']${k}[0-9]*["']\\s*:\\s*["'])[^"']*(["'])`,
  (k: string) => `(['"][^"']*${k}[0-9]*['"]\\s*:\\s*u?['"])[^"']*(['"])`,
  (k: string) => `(['"][^'"]*${k}[0-9]*['"]\\s*,\\s*'--?[A-z]+'\\s*,\\s*u?['"])[^"']*(['"])`,
  (k: string) => `(${k}[0-9]*\\s*--?[A-z]+\\s*)\\S+(\\s*)`,
];
const ONE_GROUP = [(k: string) => `(${k}[0-9]*\\s*[=]\\s*)[^\\s^'"]+`];

const PATTERNS = new Map(
  SANITIZE_KEYS.map((key) => [
    key,
    {
      two: TWO_GROUPS.map((p) => new RegExp(p(escape(key)), 'gis')),
      one: ONE_GROUP.map((p) => new RegExp(p(escape(key)), 'gis')),
    },
  ]),
);

/** Masks secrets written inside a string value, e.g. `--password s3cret` or `"token": "abc"`. */
export function maskPassword(message: string, secret: string): string {
  let out = message;
  const lower = out.toLowerCase();
  for (const key of SANITIZE_KEYS) {
    if (!lower.includes(key)) continue;
    const { two, one } = PATTERNS.get(key)!;
    for (const re of two) out = out.replace(re, (_m, a: string, b: string) => `${a}${secret}${b}`);
    for (const re of one) out = out.replace(re, (_m, a: string) => `${a}${secret}`);
  }
  return out;
}

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

/** oslo's mask_dict_password: secret-looking keys masked, nested dicts recursed, strings scanned. */
export function maskDictPassword(dict: Dict, secret = '******'): Dict {
  const out: Dict = {};
  for (const [key, value] of Object.entries(dict)) {
    if (isDict(value)) {
      out[key] = maskDictPassword(value, secret);
      continue;
    }
    const lowered = key.toLowerCase();
    if (SANITIZE_KEYS.some((s) => lowered.includes(s))) out[key] = secret;
    else out[key] = typeof value === 'string' ? maskPassword(value, secret) : value;
  }
  return out;
}

/** Whether a key names a secret (oslo's rule: it contains one of the sanitize keys). */
export function isSecretKey(key: string): boolean {
  const lower = key.toLowerCase();
  return SANITIZE_KEYS.some((k) => lower.includes(k));
}

/**
 * The secret strings a request body carries: values under secret keys at any depth, and the values of
 * JSON-patch operations whose path goes through one (`/driver_info/ipmi_password`).
 */
export function secretsIn(body: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown, secret: boolean) => {
    if (typeof value === 'string') {
      if (secret && value.length >= 3) found.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item, secret);
    } else if (value && typeof value === 'object') {
      const obj = value as Record<string, unknown>;
      const patchSecret = typeof obj.path === 'string' && obj.path.split('/').some(isSecretKey);
      for (const [k, v] of Object.entries(obj)) walk(v, secret || isSecretKey(k) || (patchSecret && k === 'value'));
    }
  };
  walk(body, false);
  return found;
}

/** An error message with every secret of the request replaced by `******`: validation errors may quote input. */
export function scrubSecrets(message: string, body: unknown): string {
  let out = message;
  for (const secret of secretsIn(body).sort((a, b) => b.length - a.length)) {
    // As written, and as it appears JSON-escaped once or twice (Ironic's error_message is JSON in a JSON string).
    const once = JSON.stringify(secret).slice(1, -1);
    const twice = JSON.stringify(once).slice(1, -1);
    for (const form of new Set([secret, once, twice])) out = out.split(form).join('******');
  }
  return out;
}
