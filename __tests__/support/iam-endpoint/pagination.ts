import { IamError, outOfRange } from "./errors";
import { QueryParameters } from "./query-request";
import { element } from "./xml";

/**
 * IAM's Marker/MaxItems pagination. The marker is an opaque cursor holding the key of the last item
 * returned, and a page resumes after that key, so a page stays right when items are added or
 * removed between calls (a position would skip or repeat items). Lists must be sorted by key.
 */

/** IAM's default page size and MaxItems' valid range. */
export const PAGE_SIZE = { default: 100, range: [1, 1000] } as const;

export interface Page<T> {
  items: T[];
  /** The cursor for the next call; present exactly when the list is truncated. */
  marker?: string;
}

export function paginate<T>(sortedItems: T[], keyOf: (item: T) => string, params: QueryParameters): Page<T> {
  const size = maxItems(params.optional("MaxItems"));
  const marker = params.optional("Marker");
  const start = marker === undefined ? 0 : firstAfter(sortedItems, keyOf, decodeMarker(marker));
  const items = sortedItems.slice(start, start + size);
  const truncated = start + size < sortedItems.length;
  return { items, marker: truncated ? encodeMarker(keyOf(items[items.length - 1])) : undefined };
}

/** `IsTruncated` always, `Marker` only when there is more. */
export function pageEndXml(page: Page<unknown>): string {
  return element("IsTruncated", page.marker !== undefined) + element("Marker", page.marker);
}

function maxItems(value: string | undefined): number {
  if (value === undefined) return PAGE_SIZE.default;
  const [min, max] = PAGE_SIZE.range;
  const size = Number(value);
  if (!Number.isInteger(size) || size < min || size > max) throw outOfRange(value, "maxItems", PAGE_SIZE.range);
  return size;
}

function firstAfter<T>(items: T[], keyOf: (item: T) => string, key: string): number {
  const index = items.findIndex((item) => keyOf(item) > key);
  return index === -1 ? items.length : index;
}

const MARKER_PREFIX = "after:";

const encodeMarker = (key: string) => Buffer.from(MARKER_PREFIX + key, "utf8").toString("base64");

/** The wording is fakecloud's, not confirmed against IAM; the code (ValidationError) is IAM's. */
function decodeMarker(marker: string): string {
  const text = Buffer.from(marker, "base64").toString("utf8");
  if (!text.startsWith(MARKER_PREFIX)) throw new IamError("ValidationError", "Invalid Marker.", 400);
  return text.slice(MARKER_PREFIX.length);
}
