import type { Decision } from "../../iam-evaluator/effective-access";
import { ACCOUNT_ROW } from "../analysis/access-evaluation";
import { capped, code, count, details, listing, plural, table } from "./markdown";
import { EXAMPLE_PROJECT_USER, OTHER_PROJECT_USER } from "../analysis/principals";
import type { RepositoryRow } from "../analysis/repository-rows";
import { AccessCell, cellChange, changedCells, isAllowed, RoleAccess } from "../analysis/role-access";

/** The effective access of one role as Markdown: what it gains and loses, and the table. */

export const LEGEND =
  "✅ allowed · `·` denied · ⛔ explicitly denied · **🟢 gained** (denied before, allowed after) · **🔴 lost** (allowed before, denied after) · ❔ not known";

const short = (action: string) => action.replace(/^ecr:/, "");

/**
 * Where a tag-owned entry's repositories are: "under `projects/`" for "projects/{project}/*", else
 * the names it matches ("matching `*-images`").
 */
function tagOwnedPlace(row: RepositoryRow): string {
  const before = row.entry!.split("{")[0];
  return before.endsWith("/") ? `under ${code(before)}` : `matching ${code(row.entry!.replace(/\{(project|user)\}/g, "*"))}`;
}

/** How a row is named to a reader: "`custom-repo1`", "each project's own repositories, `projects/{project}/*`"… */
export function rowName(row: RepositoryRow): string {
  const owners = listing(row.owners ?? []);
  if (row.kind === "own") return `each ${owners}'s own repositories, ${code(row.entry!)}`;
  if (row.kind === "another") return `another ${owners}'s repositories, ${code(row.entry!)}`;
  if (row.kind === "tagged-own") return `repositories ${tagOwnedPlace(row)} tagged with the caller's ${owners}, ${code(row.entry!)}`;
  if (row.kind === "tagged-another") return `repositories ${tagOwnedPlace(row)} tagged with another ${listing((row.owners ?? []).map((owner) => `${owner}'s`))}, ${code(row.entry!)}`;
  if (row.kind === "untagged") return `untagged repositories ${tagOwnedPlace(row)}, ${code(row.entry!)}`;
  return row.kind === "any-other" ? "any other repository" : code(row.label);
}

const tagList = (tags: Record<string, string>) => listing(Object.entries(tags).map(([key, value]) => code(`${key}=${value}`)));

/** Whose repository the probe of a row with placeholders is, next to the example role's own; a tag-owned row's probe tags. */
function askedBy(row: RepositoryRow): string {
  if (row.resourceTags) return Object.keys(row.resourceTags).length ? `, tagged ${tagList(row.resourceTags)}` : ", without tags";
  if (row.kind === "own") return `, the role's own: project ${EXAMPLE_PROJECT_USER.project}, user ${EXAMPLE_PROJECT_USER.user}`;
  return row.kind === "another" ? `, of project ${OTHER_PROJECT_USER.project}, user ${OTHER_PROJECT_USER.user}` : "";
}

const TAG_ROWS_NOTE =
  "Rows owned by tag (`repository_ownership = \"tag\"`) are asked with the repository's tags; `CreateRepository` there is asked with a request that gives the new repository those tags.";

function mark(decision?: Decision): string {
  if (decision === undefined) return "❔";
  if (decision === "Allowed") return "✅";
  return decision === "ExplicitlyDenied" ? "⛔" : "·";
}

export function cellText(access: AccessCell): string {
  const change = cellChange(access);
  if (change === "gained") return "**🟢 gained**";
  if (change === "lost") return "**🔴 lost**";
  if (change === "unknown") return `${mark(access.before)} → ${mark(access.after)}`;
  return mark(access.after);
}

/**
 * "**gains** `ecr:PutImage`, … on `custom-repo2`, `team/*`" lines: repositories that gain (or lose)
 * the same actions share a line, in the rows' order; at most `maxLines`, the rest counted.
 */
export function changeLines(access: RoleAccess, maxLines = 12, maxRepositories = 10): string[] {
  const changed = changedCells(access);
  const rows = [ACCOUNT_ROW, ...access.rows.map((row) => row.label)];
  const names = new Map(access.rows.map((row) => [row.label, rowName(row)]));
  const lines: string[] = [];
  for (const direction of ["gained", "lost"] as const) {
    const byActions = new Map<string, string[]>();
    for (const row of rows) {
      const actions = changed.filter((c) => c.row === row && cellChange(c) === direction).map((c) => code(c.action));
      if (actions.length) byActions.set(listing(actions), [...(byActions.get(listing(actions)) ?? []), row]);
    }
    for (const [actions, group] of byActions) {
      const repositories = group.filter((row) => row !== ACCOUNT_ROW).map((row) => names.get(row)!);
      const where = group.includes(ACCOUNT_ROW) ? "(it takes no repository)" : `on ${listing(capped(repositories, maxRepositories, "more repositories"))}`;
      lines.push(`**${direction === "gained" ? "gains" : "loses"}** ${actions} ${where}`);
    }
  }
  return capped(lines, maxLines, "more lines of changes: see the access table");
}

function unavailableNote(access: RoleAccess): string[] {
  const notes: string[] = [];
  if ("unavailable" in access.before) notes.push(`Before: not evaluated, ${access.before.unavailable}.`);
  if ("unavailable" in access.after) notes.push(`After: not evaluated, ${access.after.unavailable}.`);
  return notes;
}

/** One line for the summary: the role and what it gains or loses, or that nothing changes. */
export function accessSummary(access: RoleAccess): string {
  const head = `**${access.title}** (${access.principal})`;
  const notes = unavailableNote(access);
  const lines = changeLines(access);
  if (!lines.length) return `${head}: ${notes.length ? `no change found where known; ${notes.join(" ")}` : "**no change in access**."}`;
  return [`${head}:`, ...lines.map((line) => `  - ${line}`), ...notes.map((note) => `  - ${note}`)].join("\n");
}

/** The actions shown as columns: those allowed or explicitly denied somewhere, before or after. */
function shownActions(access: RoleAccess): string[] {
  const relevant = (cell: AccessCell) => isAllowed(cell.before) || isAllowed(cell.after) || cell.after === "ExplicitlyDenied" || cellChange(cell) === "unknown";
  return access.actions.repository.filter((action) => access.cells.some((cell) => cell.action === action && relevant(cell)));
}

export function accessTable(access: RoleAccess, maxRows = 60): string {
  const actions = shownActions(access);
  const byKey = new Map(access.cells.map((c) => [`${c.action}\u0000${c.row}`, c]));
  const rows = access.rows.map((row) => {
    const asked = row.probe !== row.pattern || row.kind !== "listed" ? ` (asked as ${code(row.probe.split("repository/")[1])}${askedBy(row)})` : "";
    const name = rowName(row);
    const note = row.otherAccount ? " ¹" : "";
    return [`${name}${asked}${note}`, row.configuredAs.join(", ") || "—", ...actions.map((action) => cellText(byKey.get(`${action}\u0000${row.label}`)!))];
  });
  const shownRows = rows.length > maxRows ? [...rows.slice(0, maxRows), [`… ${plural(rows.length - maxRows, "more repository", "more repositories")} not shown`, "", ...actions.map(() => "")]] : rows;
  const parts: string[] = [];
  const account = access.accountCells.filter((c) => isAllowed(c.before) || isAllowed(c.after) || cellChange(c) !== "same");
  parts.push(
    account.length
      ? `Actions that take no repository: ${account.map((c) => `${code(c.action)} ${cellText(c)}`).join(", ")}`
      : "Actions that take no repository: none allowed, before or after.",
  );
  if (actions.length) {
    parts.push(table(["Repository", "Configured", ...actions.map((action) => code(short(action)))], shownRows));
  } else {
    parts.push("No ECR action on any repository is allowed, before or after.");
  }
  const hidden = access.actions.repository.length - actions.length;
  if (hidden > 0) parts.push(`The other ${count(hidden)} ECR actions on repositories are denied everywhere, before and after.`);
  if (access.rows.some((row) => row.otherAccount)) parts.push("¹ Another account: the repository's own policy must also allow what this shows.");
  if (access.rows.some((row) => row.resourceTags)) parts.push(TAG_ROWS_NOTE);
  parts.push(...unavailableNote(access));
  return parts.join("\n\n");
}

/** The role's section: the table open when its access changes, folded when not. */
export function accessSection(access: RoleAccess): string {
  const title = `#### ${access.title}: ${access.principal}`;
  const changed = changedCells(access).length > 0;
  const body = accessTable(access);
  if (changed) return `${title}\n\n${body}`;
  return `${title}\n\nNo change in access.\n\n${details("Access table (the same before and after)", body)}`;
}
