/** What a BMC learns when it reaches for a virtual media image. */
export type ImageProbe = { ok: true } | { ok: false; status?: number; error: string };

/**
 * Whether an image URL answers, as a BMC finds out when it mounts it: a HEAD request, or a GET (its body
 * dropped unread) when the server does not do HEAD. Redirects are followed. sushy-tools downloads the whole
 * image; the emulator only needs to know it is there, so that a wrong URL fails at InsertMedia as it would
 * on real hardware rather than later at boot.
 */
export async function probeImage(url: string, credentials?: { user: string; password: string }, timeoutMs = 10_000): Promise<ImageProbe> {
  const headers: Record<string, string> = credentials ? { authorization: `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}` } : {};
  try {
    let res = await fetch(url, { method: 'HEAD', headers, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    if (res.status === 405 || res.status === 501) {
      res = await fetch(url, { method: 'GET', headers, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
      await res.body?.cancel();
    }
    if (res.status >= 400) return { ok: false, status: res.status, error: `Cannot download virtual media: got error ${res.status} from the server` };
    return { ok: true };
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : undefined;
    return { ok: false, error: `Failed fetching image from URL ${url}: ${cause ?? (err instanceof Error ? err.message : String(err))}` };
  }
}
