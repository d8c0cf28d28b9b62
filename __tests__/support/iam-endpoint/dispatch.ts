import { ActionContext, ActionTable } from "./action";
import { IamError, invalidAction } from "./errors";
import { FaultInjector } from "./faults";
import { IDENTITY_ACTIONS } from "./identity-actions";
import { requestId } from "./ids";
import { CallRecord } from "./inspection";
import { POLICY_ACTIONS } from "./policy-actions";
import { QueryParameters } from "./query-request";
import { ROLE_ACTIONS } from "./role-actions";
import { errorXml, responseXml, Service } from "./xml";

/** Every action the endpoint answers; anything else gets InvalidAction and shows in the call log. */
export const ACTIONS: ActionTable = { ...POLICY_ACTIONS, ...ROLE_ACTIONS, ...IDENTITY_ACTIONS };

const STS_VERSION = "2011-06-15";

export interface Answer {
  status: number;
  requestId: string;
  xml: string;
  call: Omit<CallRecord, "at">;
}

/** One Query API call: an injected fault if one is due, else the action's result or IAM's error. */
export function answerCall(params: QueryParameters, context: ActionContext, faults: FaultInjector): Answer {
  const id = requestId();
  const { action: name, version } = params;
  const action = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
  const service: Service = action?.service ?? (version === STS_VERSION ? "sts" : "iam");
  const call = { service, action: name, params: params.toObject() };

  const fault = faults.take(name);
  if (fault === "hold") return { status: 0, requestId: id, xml: "", call: { ...call, status: 0, injected: true, held: true } };
  if (fault) return failure(service, fault, id, { ...call, injected: true });
  try {
    if (!action) throw invalidAction(name, version);
    const result = action.handle(params, context);
    return { status: 200, requestId: id, xml: responseXml(service, name, result, id), call: { ...call, status: 200, injected: false } };
  } catch (error) {
    const iamError =
      error instanceof IamError ? error : new IamError("ServiceFailure", `The endpoint failed: ${(error as Error).stack ?? String(error)}`, 500, "Receiver");
    return failure(service, iamError, id, { ...call, injected: false });
  }
}

function failure(service: Service, error: IamError, id: string, call: Omit<Answer["call"], "status" | "errorCode">): Answer {
  return { status: error.status, requestId: id, xml: errorXml(service, error, id), call: { ...call, status: error.status, errorCode: error.code } };
}
