import type { PolicyDocument } from "../../modules/mlspace-ecr-access/policy-document";
import { Decision, explainDecision } from "../iam-evaluator/effective-access";
import type { WorkflowCall } from "./build-and-push";

/** One call of the workflow as the IAM policy evaluator decides it, and the statements that decide it. */
export interface WorkflowResult extends WorkflowCall {
  decision: Decision;
  /** The outcome is the expected one. */
  ok: boolean;
  /** "identity: Sid; boundary: Sid" for an allow, which layer refuses for a refusal. */
  decidedBy: string;
}

export interface WorkflowPrincipal {
  identityPolicies: PolicyDocument[];
  permissionBoundary?: PolicyDocument;
  tags: Record<string, string>;
  accountId: string;
}

const list = (sids: readonly string[]) => sids.join(", ");

function decidedBy(explained: Awaited<ReturnType<typeof explainDecision>>, hasBoundary: boolean, crossAccount: boolean): string {
  const { decision, identity, boundary, resource } = explained;
  if (decision === "ExplicitlyDenied") return "an explicit Deny";
  const parts = [identity.length ? `identity: ${list(identity)}` : "no identity policy allows it"];
  if (hasBoundary) parts.push(boundary.length ? `boundary: ${list(boundary)}` : "the boundary does not allow it");
  if (crossAccount) parts.push(resource.length ? "the repository's policy allows it" : "the repository's policy does not allow it");
  return parts.join("; ");
}

export async function evaluateWorkflow(calls: readonly WorkflowCall[], principal: WorkflowPrincipal): Promise<WorkflowResult[]> {
  return Promise.all(
    calls.map(async (call) => {
      const explained = await explainDecision({ ...principal, ...call });
      const allowed = explained.decision === "Allowed";
      const crossAccount = call.resource !== "*" && call.resource.split(":")[4] !== principal.accountId;
      return { ...call, decision: explained.decision, ok: allowed === (call.expected === "allowed"), decidedBy: decidedBy(explained, Boolean(principal.permissionBoundary), crossAccount) };
    }),
  );
}
