import { releasePlan } from "../tools/release/release-plan";

/** npm run release's steps as data: which policies it gives back and forgets, with which variables. */
describe("npm run release's plan of one stack", () => {
  const NOTEBOOK = "arn:aws:iam::123456789012:policy/mlspace-notebook-policy";
  const BOUNDARY = "arn:aws:iam::123456789012:policy/mlspace-project-user-permission-boundary";
  const values = {
    read_repositories: ["shared/*"],
    write_repositories: ["projects/{project}/*"],
    aws_base_images: ["pytorch-training"],
    describe_actions: ["DescribeImages"],
    app_policy: { name: "mlspace-app-ecr-access", attach_to_roles: ["mlspace-app-role"], import_arn: null },
    notebook_policy: { import_arn: NOTEBOOK, base_policy_json: '{"Version":"2012-10-17","Statement":[]}' },
    permission_boundary: { import_arn: BOUNDARY },
  };

  it("gives back and forgets the adopted policies only, never attach mode's own", () => {
    const plan = releasePlan(values);
    expect(plan.adopted).toEqual([
      { key: "notebook", arn: NOTEBOOK },
      { key: "boundary", arn: BOUNDARY },
    ]);
    expect(plan.forget).toEqual([
      "aws_iam_policy.notebook",
      `terraform_data.adopted_policy_guard["${NOTEBOOK} is MLSpace's, adopted: never destroyed; to take this project out, run npm run release"]`,
      "aws_iam_policy.boundary",
      `terraform_data.adopted_policy_guard["${BOUNDARY} is MLSpace's, adopted: never destroyed; to take this project out, run npm run release"]`,
    ]);
  });

  it("gives back the live document less ours: no access, no pinned base", () => {
    const { giveBack } = releasePlan(values);
    expect(giveBack).toMatchObject({ read_repositories: [], write_repositories: [], aws_base_images: [], describe_actions: [] });
    expect(giveBack.notebook_policy).toEqual({ import_arn: NOTEBOOK, base_policy_json: null });
    expect(giveBack.app_policy).toEqual(values.app_policy);
  });

  it("destroys the rest with the adopted policies no longer adopted, so none is read, imported or guarded", () => {
    const { destroyRest } = releasePlan(values);
    expect(destroyRest.notebook_policy).toEqual({ import_arn: null, base_policy_json: null });
    expect(destroyRest.permission_boundary).toEqual({ import_arn: null, base_policy_json: null });
    expect(destroyRest.read_repositories).toEqual(["shared/*"]);
  });

  it("with nothing adopted, forgets nothing", () => {
    expect(releasePlan({ read_repositories: ["x"], app_policy: {}, notebook_policy: {}, permission_boundary: {} })).toMatchObject({ adopted: [], forget: [] });
  });
});
