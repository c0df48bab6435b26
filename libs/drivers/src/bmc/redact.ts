/** Replaces every occurrence of the secrets in a text (error messages from BMC tools or HTTP errors). */
export function redact(text: string, secrets: (string | undefined | null)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 1) out = out.split(secret).join('******');
  }
  return out;
}
