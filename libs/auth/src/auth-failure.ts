/**
 * A request the authentication layer refuses before it reaches the API: 401 (no or wrong credentials),
 * 400 (an Authorization header it cannot parse) or 503 (the identity service cannot be reached),
 * answered in the shape of the middleware Ironic runs outside its API (ironic-lib's basic auth,
 * keystonemiddleware): `{"error": {…}}`, without the API's version headers.
 */
export class AuthFailure extends Error {
  constructor(
    readonly status: 400 | 401 | 503,
    message: string,
    readonly extra: { challenge?: string; title?: string } = {},
  ) {
    super(message);
    this.name = 'AuthFailure';
  }

  /** `WWW-Authenticate`, for 401. */
  get challenge(): string | undefined {
    return this.extra.challenge;
  }

  body(): { error: Record<string, unknown> } {
    const { title } = this.extra;
    return { error: title ? { code: this.status, title, message: this.message } : { message: this.message, code: this.status } };
  }
}
