import { IamError } from "./errors";

/**
 * The Query protocol's XML, as IAM and STS write it. The AWS SDK for Go v2 finds the
 * `<{Action}Response>` root, then `<{Action}Result>`, and reads lists as `<member>` elements.
 */

export const NAMESPACES = {
  iam: "https://iam.amazonaws.com/doc/2010-05-08/",
  sts: "https://sts.amazonaws.com/doc/2011-06-15/",
} as const;

export type Service = keyof typeof NAMESPACES;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** `<name>value</name>`, or nothing when the value is absent (IAM omits empty optional fields). */
export function element(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? "" : `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A list: `<name><member>…</member>…</name>`, each member's content rendered by the caller. */
export function memberList<T>(name: string, items: T[], render: (item: T) => string): string {
  return `<${name}>${items.map((item) => `<member>${render(item)}</member>`).join("")}</${name}>`;
}

/** IAM leaves `Tags` out of a policy or role that has none; its List…Tags actions always have the list. */
export function tagsXml(tags: Map<string, string>, always: boolean): string {
  if (tags.size === 0 && !always) return "";
  return memberList("Tags", [...tags], ([key, value]) => element("Key", key) + element("Value", value));
}

/** A successful response; actions without output (DeletePolicy, TagPolicy…) give no result. */
export function responseXml(service: Service, action: string, result: string | undefined, requestId: string): string {
  const body = result === undefined ? "" : `<${action}Result>${result}</${action}Result>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<${action}Response xmlns="${NAMESPACES[service]}">${body}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

/** IAM's and STS's error shape; the SDK reads Code and Message from ErrorResponse/Error. */
export function errorXml(service: Service, error: IamError, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<ErrorResponse xmlns="${NAMESPACES[service]}"><Error>` +
    element("Type", error.type) +
    element("Code", error.code) +
    element("Message", error.message) +
    `</Error>${element("RequestId", requestId)}</ErrorResponse>`
  );
}
