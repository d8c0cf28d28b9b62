import { hcl } from "../input-rule";
import { CEILING_SID, OWNED_SIDS } from "../sids";

/** The Terraform form of `merge-into-base.ts`'s `keptBaseStatements`, over any map of documents by policy key. */

/** Statement `s` as it was before the ceiling marked it: no ceiling Sid, no ECR action. */
const withoutCeiling =
  `jsondecode(try(s.Sid, "") == ${hcl(CEILING_SID)} ? jsonencode({ for key, value in s : key => ` +
  `jsondecode(key == "Action" ? jsonencode([for a in flatten([value]) : a if !startswith(lower(a), "ecr:")]) : jsonencode(value)) if key != "Sid" }) : jsonencode(s))`;

/** Each document's statements with the ceiling's mark undone. */
export const restoredStatements = (documents: string) =>
  `{ for k, document in ${documents} : k => [for s in flatten([try(document.Statement, [])]) : ${withoutCeiling}] }`;

/** The restored statements that are not ours: what of a document is MLSpace's (merge-into-base.ts). */
export const keptStatements = (restored: string) =>
  `{ for k, statements in ${restored} : k => [for s in statements : s if ` +
  `!contains(${hcl(OWNED_SIDS)}, try(tostring(s.Sid), "")) && try(length(flatten([s.Action])), 1) > 0] }`;

