import { RoleRecord } from "./iam-account";
import { isoTimestamp } from "./ids";
import { percentEncode } from "./percent-encoding";
import { element, tagsXml } from "./xml";

/**
 * A role as IAM writes it. GetRole gives every attribute; ListRoles leaves out PermissionsBoundary,
 * RoleLastUsed and Tags (IAM's documented "subset of the available attributes"), so a caller that
 * needs them must GetRole each role, as the provider's `aws_iam_role` does.
 */
export function roleXml(role: RoleRecord, detail: "full" | "listed"): string {
  const full = detail === "full";
  return (
    element("Path", role.path) +
    element("RoleName", role.name) +
    element("RoleId", role.id) +
    element("Arn", role.arn) +
    element("CreateDate", isoTimestamp(role.createDate)) +
    element("AssumeRolePolicyDocument", percentEncode(role.assumeRolePolicyDocument)) +
    element("Description", role.description) +
    element("MaxSessionDuration", 3600) +
    (full ? permissionsBoundaryXml(role.permissionsBoundary) + tagsXml(role.tags, false) + roleLastUsedXml(role) : "")
  );
}

/** The wire value is PermissionsBoundaryPolicy (IAM's docs call the type "Policy"). */
function permissionsBoundaryXml(arn: string | undefined): string {
  if (arn === undefined) return "";
  return (
    "<PermissionsBoundary>" +
    element("PermissionsBoundaryType", "PermissionsBoundaryPolicy") +
    element("PermissionsBoundaryArn", arn) +
    "</PermissionsBoundary>"
  );
}

/** GetRole always has the element, empty for a role never used (or unused in the last 400 days). */
function roleLastUsedXml({ lastUsed }: RoleRecord): string {
  const fields = lastUsed ? element("LastUsedDate", isoTimestamp(lastUsed.date)) + element("Region", lastUsed.region) : "";
  return `<RoleLastUsed>${fields}</RoleLastUsed>`;
}
