import { missingParameter } from "./errors";

/**
 * The parameters of one Query API call: a form-encoded POST body (or a GET query string) of
 * `Action=…&Version=…&Name=value`, lists flattened as `Name.member.1`, `Name.member.2`…
 */
export class QueryParameters {
  constructor(private readonly values: Map<string, string>) {}

  static parse(formEncoded: string): QueryParameters {
    return new QueryParameters(new Map(new URLSearchParams(formEncoded)));
  }

  get action(): string {
    return this.values.get("Action") ?? "";
  }

  get version(): string {
    return this.values.get("Version") ?? "";
  }

  optional(name: string): string | undefined {
    return this.values.get(name);
  }

  required(name: string): string {
    const value = this.values.get(name);
    if (value === undefined) throw missingParameter(name);
    return value;
  }

  boolean(name: string): boolean {
    return this.values.get(name) === "true";
  }

  /** `Name.member.N` for N = 1, 2, … until the first gap, as the SDK numbers them. */
  list(name: string): string[] {
    const items: string[] = [];
    for (let n = 1; this.values.has(`${name}.member.${n}`); n++) items.push(this.values.get(`${name}.member.${n}`)!);
    return items;
  }

  /** `Tags.member.N.Key` / `.Value` pairs. */
  tags(name = "Tags"): Record<string, string> {
    const tags: Record<string, string> = {};
    for (let n = 1; this.values.has(`${name}.member.${n}.Key`); n++) {
      tags[this.values.get(`${name}.member.${n}.Key`)!] = this.values.get(`${name}.member.${n}.Value`) ?? "";
    }
    return tags;
  }

  toObject(): Record<string, string> {
    return Object.fromEntries(this.values);
  }
}
