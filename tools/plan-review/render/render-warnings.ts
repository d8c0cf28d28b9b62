import { POLICIES } from "../../../modules/mlspace-ecr-access/inputs";
import { capped, code, details, listing, plural } from "./markdown";
import type { Severity, Warning } from "../analysis/warning";

/**
 * The warnings as Markdown: what this plan brings about ECR and the policies themselves, and what
 * it keeps of MLSpace's statements changed outside Terraform, open; what it brings in the base
 * documents (statements this project does not write), and what was already true before, folded.
 */

const ICON: Record<Severity, string> = { danger: "🛑", warning: "⚠️", notice: "ℹ️" };

function where(warning: Warning): string {
  const parts: string[] = [];
  if (warning.policy) parts.push(`**${POLICIES[warning.policy].title}**`);
  if (warning.statement) parts.push(warning.statement.startsWith("#") ? `statement ${warning.statement} (no Sid)` : `statement ${code(warning.statement)}`);
  if (warning.origin === "outside") parts.push("changed outside Terraform since the last apply, kept in this plan");
  return parts.join(", ");
}

export function warningLine(warning: Warning, maxItems = 30): string {
  const place = where(warning);
  const someOld = warning.newItems.length > 0 && warning.newItems.length < warning.items.length;
  const items = warning.items.map((item) => `${code(item)}${someOld && warning.newItems.includes(item) ? " (new)" : ""}`);
  const list = items.length ? `: ${listing(capped(items, maxItems, "more"))}` : "";
  return `- ${ICON[warning.severity]} ${place}${place ? " · " : ""}${warning.message}${list}`;
}

const lines = (warnings: Warning[], max: number) => capped(warnings.map((warning) => warningLine(warning)), max, "more warnings").join("\n");

/** The new warnings about the plan and this project's statements; never empty. */
export function newWarningsText(warnings: Warning[], max = 40): string {
  const fresh = warnings.filter((warning) => warning.isNew && warning.origin !== "base");
  return fresh.length ? lines(fresh, max) : "Nothing new to worry about: this plan brings no warning about ECR access, sizes or replacements.";
}

/** Folded sections: new warnings in the base documents, then those already true before; undefined when none. */
export function foldedWarningsText(warnings: Warning[], max = 200): string | undefined {
  const parts: string[] = [];
  const newInBase = warnings.filter((warning) => warning.isNew && warning.origin === "base");
  if (newInBase.length) parts.push(details(`${plural(newInBase.length, "new warning")} in the base documents (statements this project does not write)`, lines(newInBase, max)));
  const old = warnings.filter((warning) => !warning.isNew);
  if (old.length) parts.push(details(`${plural(old.length, "warning")} already true before this plan`, lines(old, max)));
  return parts.length ? parts.join("\n\n") : undefined;
}
