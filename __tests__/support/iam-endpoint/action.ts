import { IamAccount } from "./iam-account";
import { QueryParameters } from "./query-request";
import { Service } from "./xml";

/** What an action handler gets: the call's parameters and the account it acts on. */
export interface ActionContext {
  account: IamAccount;
  /** The identity the dummy credentials stand for, as STS GetCallerIdentity reports it. */
  callerUserName: string;
}

/** One Query API action: the service whose namespace answers it, and its result's XML (if any). */
export interface Action {
  service: Service;
  handle(params: QueryParameters, context: ActionContext): string | undefined;
}

export type ActionTable = Record<string, Action>;
