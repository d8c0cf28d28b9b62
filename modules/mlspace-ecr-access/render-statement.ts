import { PolicyStatement } from "./policy-document";
import { sidOf } from "./sids";
import { EcrStatement } from "./statements";

/** One value is written as a string, more as a list: the same to IAM, and shorter. */
const oneOrList = (values: string[]): string | string[] => (values.length === 1 ? values[0] : values);

export function renderStatement(statement: EcrStatement): PolicyStatement {
  const condition = statement.condition && Object.keys(statement.condition).length ? { Condition: statement.condition } : {};
  return { Sid: sidOf(statement.parts, statement.owner), Effect: "Allow", Action: oneOrList(statement.actions), Resource: oneOrList(statement.resources), ...condition };
}
