import { ActionTable } from "./action";
import { isoTimestamp } from "./ids";
import { element } from "./xml";

/**
 * Who the caller is. The provider asks STS GetCallerIdentity when it configures (credentials
 * check, account id) and for `aws_caller_identity`; IAM GetUser is its older fallback.
 */

const USER_ID = "AIDAOFFLINEENDPOINT01";

export const IDENTITY_ACTIONS: ActionTable = {
  GetCallerIdentity: {
    service: "sts",
    handle: (_params, { account, callerUserName }) =>
      element("Arn", userArn(account.partition, account.accountId, callerUserName)) + element("UserId", USER_ID) + element("Account", account.accountId),
  },
  GetUser: {
    service: "iam",
    handle: (_params, { account, callerUserName }) =>
      "<User>" +
      element("Path", "/") +
      element("UserName", callerUserName) +
      element("UserId", USER_ID) +
      element("Arn", userArn(account.partition, account.accountId, callerUserName)) +
      element("CreateDate", isoTimestamp(new Date(0))) +
      "</User>",
  },
};

const userArn = (partition: string, accountId: string, userName: string) => `arn:${partition}:iam::${accountId}:user/${userName}`;
