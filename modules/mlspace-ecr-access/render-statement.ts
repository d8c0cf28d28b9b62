import { PolicyStatement } from "./policy-document";
import { sidOf } from "./sids";
import { EcrStatement } from "./statements";

/** One value is written as a string, more as a list: the same to IAM, and shorter. */
const oneOrList = (values: string[]): string | string[] => (values.length === 1 ? values[0] : values);

export function renderStatement(statement: EcrStatement): PolicyStatement {
  return { Sid: sidOf(statement.parts), Effect: "Allow", Action: oneOrList(statement.actions), Resource: oneOrList(statement.resources) };
}
