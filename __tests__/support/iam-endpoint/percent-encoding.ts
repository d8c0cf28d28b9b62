/**
 * IAM returns policy documents percent-encoded as RFC 3986 says: every byte of the UTF-8 form
 * except the unreserved characters A-Z a-z 0-9 - _ . ~ becomes %XX (so a space is %20, never +).
 * `encodeURIComponent` leaves ! ' ( ) * alone, which RFC 3986 reserves; those are encoded too.
 */
export function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
