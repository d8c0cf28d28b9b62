/**
 * One validation rule of one input, written once for both places it runs: Terraform evaluates
 * `condition`/`errorMessage` for values given at plan, TypeScript runs `check` on literal values at
 * synth. Both give the same message, built from the same template.
 */
export interface InputRule {
  /** Terraform condition over `var.<input>`, true when the value is valid. */
  readonly condition: string;
  /** Terraform error message, interpolating the offending values. */
  readonly errorMessage: string;
  /** The rule in TypeScript: the error message for a bad value, or undefined. */
  check(value: unknown): string | undefined;
}

/** Terraform's and TypeScript's view of the same predicate over one value. */
export interface Predicate {
  /** A Terraform boolean expression over the HCL variable named by the argument. */
  terraform(name: string): string;
  typescript(value: string): boolean;
}

/**
 * A string or list of strings as HCL source, in `terraform fmt`'s spacing. `${` and `%{` are
 * escaped so text is never a template.
 */
export function hcl(value: string | readonly string[] | Readonly<Record<string, string>>): string {
  if (Array.isArray(value)) return `[${value.map(hcl).join(", ")}]`;
  if (typeof value === "object") return `{ ${Object.entries(value).map(([k, v]) => `${hcl(k)} = ${hcl(v)}`).join(", ")} }`;
  return JSON.stringify(value).replace(/\$\{/g, "$$${").replace(/%\{/g, "%%{");
}

/**
 * Where a rule looks: an input name ("read_repositories") or an attribute of an object input
 * ("app_policy.name"). Terraform reads `var.<path>`; TypeScript gets the input's whole value.
 */
function valueAt(value: unknown, path: string): unknown {
  return path
    .split(".")
    .slice(1)
    .reduce((object: unknown, key) => (object as Record<string, unknown> | undefined)?.[key], value);
}

/** Rule for every entry of a `list(string)` input; the message names each offending entry. */
export function eachEntry(path: string, predicate: Predicate, explain: (offenders: string) => string): InputRule {
  const failing = `[for x in var.${path} : jsonencode(x) if !(${predicate.terraform("x")})]`;
  return {
    condition: `\${alltrue([for x in var.${path} : ${predicate.terraform("x")}])}`,
    errorMessage: explain(`\${join(", ", ${failing})}`),
    check(value) {
      const offenders = (valueAt(value, path) as string[]).filter((entry) => !predicate.typescript(entry));
      return offenders.length ? explain(offenders.map((entry) => JSON.stringify(entry)).join(", ")) : undefined;
    },
  };
}

/** Rule for a string that may be null (null passes); the message shows the value. */
export function whenGiven(path: string, predicate: Predicate, explain: (value: string) => string): InputRule {
  return {
    condition: `\${var.${path} == null ? true : ${predicate.terraform(`var.${path}`)}}`,
    errorMessage: explain(`\${jsonencode(var.${path})}`),
    check(value) {
      const given = valueAt(value, path);
      return given === null || given === undefined || predicate.typescript(given as string)
        ? undefined
        : explain(JSON.stringify(given));
    },
  };
}

/** Rule that a list has no entry twice, after `normalize` (Terraform expression over `x`). */
export function noDuplicates(
  path: string,
  normalize: { terraform: (name: string) => string; typescript: (value: string) => string },
  explain: (duplicates: string) => string,
): InputRule {
  const normalized = `[for x in var.${path} : ${normalize.terraform("x")}]`;
  const repeated = `[for k, n in { for y in ${normalized} : y => y... } : jsonencode(k) if length(n) > 1]`;
  return {
    condition: `\${length(distinct(${normalized})) == length(var.${path})}`,
    errorMessage: explain(`\${join(", ", ${repeated})}`),
    check(value) {
      const seen = new Set<string>();
      const duplicates = new Set<string>();
      for (const entry of (valueAt(value, path) as string[]).map(normalize.typescript)) {
        (seen.has(entry) ? duplicates : seen).add(entry);
      }
      return duplicates.size ? explain([...duplicates].sort().map((entry) => JSON.stringify(entry)).join(", ")) : undefined;
    },
  };
}

export function regexPredicate(pattern: string): Predicate {
  return {
    terraform: (name) => `can(regex(${hcl(pattern)}, ${name}))`,
    typescript: (value) => new RegExp(pattern).test(value),
  };
}
