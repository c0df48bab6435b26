/**
 * Replaces every occurrence of the secrets in a text (error messages from BMC tools or HTTP errors).
 * Secrets shorter than 4 characters are left alone: replacing "p" everywhere would garble every message
 * and hide nothing worth hiding.
 */
export function redact(text: string, secrets: (string | undefined | null)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('******');
  }
  return out;
}
