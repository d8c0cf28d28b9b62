/**
 * IAM's errors as the Query API reports them: a code, an HTTP status, and whose fault it is.
 * The factories carry AWS's own wording, so what Terraform prints matches a real account.
 */
export class IamError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly type: "Sender" | "Receiver" = "Sender",
  ) {
    super(message);
  }
}

export const noSuchEntity = (message: string) => new IamError("NoSuchEntity", message, 404);
export const entityAlreadyExists = (message: string) => new IamError("EntityAlreadyExists", message, 409);
export const limitExceeded = (message: string) => new IamError("LimitExceeded", message, 409);
export const deleteConflict = (message: string) => new IamError("DeleteConflict", message, 409);
export const malformedPolicyDocument = (message: string) => new IamError("MalformedPolicyDocument", message, 400);
export const invalidInput = (message: string) => new IamError("InvalidInput", message, 400);

/** IAM's wording when a parameter breaks its pattern (HTTP 400, code ValidationError). */
export const patternMismatch = (value: string, member: string, pattern: string) =>
  validationError(`Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern}`);

/** IAM's wording when a parameter is not one of its enum's values, e.g. EntityFilter "Policy". */
export const enumMismatch = (value: string, member: string, allowed: readonly string[]) =>
  validationError(`Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(", ")}]`);

/** IAM's wording when a number is out of its range, e.g. MaxItems 0. */
export function outOfRange(value: string, member: string, [min, max]: readonly [number, number]): IamError {
  const bound = Number(value) < min ? `greater than or equal to ${min}` : `less than or equal to ${max}`;
  return validationError(`Value '${value}' at '${member}' failed to satisfy constraint: Member must have value ${bound}`);
}

const validationError = (constraint: string) => new IamError("ValidationError", `1 validation error detected: ${constraint}`, 400);

/** A required parameter is missing: the SDK validates most of these before sending. */
export const missingParameter = (name: string) =>
  new IamError("MissingParameter", `The request must contain the parameter ${name}.`, 400);

/** An action this endpoint does not implement: IAM answers InvalidAction with HTTP 400. */
export const invalidAction = (action: string, version: string) =>
  new IamError("InvalidAction", `Could not find operation ${action} for version ${version}`, 400);
