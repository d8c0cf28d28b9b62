import type { PolicyKey } from "../../../modules/mlspace-ecr-access/inputs";
import { withoutCeiling } from "../../../modules/mlspace-ecr-access/boundary-ceiling";
import { SID_PREFIX } from "../../../modules/mlspace-ecr-access/sids";
import { PolicyDocument, PolicyStatement, statementList } from "../../../modules/mlspace-ecr-access/policy-document";
import { actionPattern, ActionPattern } from "./action-catalog";
import type { FoundWarning } from "./warning";
import { hasWildcard } from "../../../modules/mlspace-ecr-access/iam-wildcards";

/**
 * Warnings found in one document's Allow statements, statement by statement: write actions on
 * Resource "*", actions that delete repositories or change policies, action wildcards, Allow with
 * NotAction or NotResource, and actions the catalogue does not know.
 */

/** ECR actions that destroy what users pushed. */
export const DELETING_ACTIONS: Record<string, string> = {
  "ecr:DeleteRepository": "deletes a repository with its images",
  "ecr:BatchDeleteImage": "deletes images",
};

/** The access levels of actions that change data or permissions. */
const WRITE_LEVELS = ["Write", "Permissions management"];
const POLICY_LEVEL = "Permissions management";

const list = (value: unknown): string[] => ([] as unknown[]).concat(value ?? []).filter((v): v is string => typeof v === "string");

/** The Sid, or "#4" for the fourth statement of the document when it has none. */
function statementName(statement: PolicyStatement, index: number): string {
  return statement.Sid ? statement.Sid : `#${index + 1}`;
}

/** Every action the statement's Action covers, with its pattern's facts. */
async function patternsOf(statement: PolicyStatement): Promise<ActionPattern[]> {
  return Promise.all(list(statement.Action).map((pattern) => actionPattern(pattern)));
}

/**
 * The boundary's ceiling statement is the base's own statement plus our ECR actions on "*": those are
 * a ceiling by design, explained by the boundary warnings; the base's actions in it are checked as usual.
 */
function withoutCeilingActions(policy: PolicyKey, statement: PolicyStatement): PolicyStatement {
  if (policy !== "boundary") return statement;
  // A statement of ours that held only the ceiling keeps its place (the "#N" names count it), empty.
  return withoutCeiling(statement) ?? { Effect: statement.Effect, Action: [] };
}

export async function statementWarnings(policy: PolicyKey, document: PolicyDocument | undefined): Promise<FoundWarning[]> {
  if (!document) return [];
  const warnings: FoundWarning[] = [];
  const statements = statementList(document).map((statement) => withoutCeilingActions(policy, statement));
  for (const [index, statement] of statements.entries()) {
    if (statement.Effect !== "Allow") continue;
    const name = statementName(statement, index);
    const add = (warning: Omit<FoundWarning, "policy" | "statement" | "origin">) => {
      if (warning.items.length) warnings.push({ ...warning, policy, statement: name, origin: statement.Sid?.startsWith(SID_PREFIX) ? "ours" : "base" });
    };
    if (statement.NotAction !== undefined) {
      add({ kind: "allow-not-action", severity: "danger", message: "Allow with NotAction: grants every action of every service except these", items: list(statement.NotAction) });
    }
    if (statement.NotResource !== undefined) {
      add({ kind: "allow-not-resource", severity: "warning", message: "Allow with NotResource: grants on every resource except these", items: list(statement.NotResource) });
    }
    const patterns = await patternsOf(statement);
    const actions = patterns.flatMap((pattern) => pattern.actions);
    const spanning = patterns.filter((pattern) => pattern.spansServices).map((pattern) => pattern.pattern);
    const spanningEcr = patterns.filter((pattern) => pattern.spansServices && pattern.services.includes("ecr")).map((pattern) => pattern.pattern);
    const onAnyResource = list(statement.Resource).includes("*") || statement.NotResource !== undefined;
    if (onAnyResource) {
      const writes = actions.filter((action) => action.takesResource && action.accessLevels.some((level) => WRITE_LEVELS.includes(level))).map((action) => action.action);
      add({
        kind: "write-on-any-resource",
        severity: "danger",
        message: `write actions on ${statement.NotResource !== undefined ? "NotResource" : 'Resource "*"'}: they reach every resource of their kind, not only MLSpace's`,
        items: [...spanning, ...writes],
      });
    }
    add({
      kind: "deletes-repositories",
      severity: "danger",
      message: "actions that delete repositories or images",
      items: [...spanningEcr, ...actions.map((action) => action.action).filter((action) => action in DELETING_ACTIONS)],
    });
    add({
      kind: "changes-policies",
      severity: "danger",
      message: "actions that change permissions (access level Permissions management)",
      items: [...spanning, ...actions.filter((action) => action.accessLevels.includes(POLICY_LEVEL)).map((action) => action.action)],
    });
    add({ kind: "action-wildcard", severity: "warning", message: "action wildcards: they also grant actions AWS adds later", items: patterns.filter((p) => hasWildcard(p.pattern)).map((p) => p.pattern) });
    add({ kind: "unknown-action", severity: "notice", message: "actions the IAM catalogue does not know (a typo grants nothing)", items: patterns.filter((p) => p.unknown).map((p) => p.pattern) });
  }
  return warnings;
}
