import { readFileSync } from "node:fs";
import { COMMENT_LIMIT } from "../render/comment-fit";

/**
 * One review comment per pull request, posted the first time and updated after: found again by a
 * hidden marker in its body, through GitHub's REST API with the workflow's GITHUB_TOKEN.
 */

export const COMMENT_MARKER = "<!-- mlspace-ecr-access:plan-review -->";

export interface PullRequestContext {
  apiUrl: string;
  token: string;
  /** "owner/name" */
  repository: string;
  number: number;
  /** A line under the review: which commit and run it is for (optional). */
  footer?: string;
}

type Fetch = typeof fetch;

/** What GitHub Actions gives a pull_request job, read with errors that name what is missing. */
export function pullRequestContext(env: NodeJS.ProcessEnv, readFile: (path: string) => string = (path) => readFileSync(path, "utf8")): PullRequestContext {
  const missing = ["GITHUB_TOKEN", "GITHUB_REPOSITORY", "GITHUB_EVENT_PATH"].filter((name) => !env[name]);
  if (missing.length) {
    throw new Error(`${missing.join(", ")} not set: run this in a GitHub Actions job of a pull_request event, with env GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}.`);
  }
  const event = JSON.parse(readFile(env.GITHUB_EVENT_PATH!)) as { pull_request?: { number?: number; head?: { sha?: string } } };
  const number = event.pull_request?.number;
  if (typeof number !== "number") throw new Error(`${env.GITHUB_EVENT_PATH} has no pull_request.number: the workflow must run on pull_request (or pull_request_target) events.`);
  const sha = event.pull_request?.head?.sha;
  const run = env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL ?? "https://github.com"}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  const footer = [sha ? `for commit ${sha.slice(0, 7)}` : "", run ? `[workflow run](${run}), whose summary has the whole review` : ""].filter(Boolean).join(" · ");
  return { apiUrl: env.GITHUB_API_URL ?? "https://api.github.com", token: env.GITHUB_TOKEN!, repository: env.GITHUB_REPOSITORY!, number, footer: footer || undefined };
}

/** The comment's body: the marker, the review, the footer; within GitHub's limit, saying so if cut. */
export function commentBody(review: string, footer?: string): string {
  const tail = footer ? `\n\n<sub>Updated ${footer}.</sub>\n` : "\n";
  let body = `${COMMENT_MARKER}\n${review.trimEnd()}${tail}`;
  if (body.length > COMMENT_LIMIT) {
    const note = "\n\n> ✂️ **Truncated:** the review was cut here to fit GitHub's limit for a comment.\n";
    body = `${body.slice(0, COMMENT_LIMIT - note.length - tail.length)}${note}${tail}`;
  }
  return body;
}

async function call(fetchImpl: Fetch, context: PullRequestContext, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetchImpl(`${context.apiUrl}${path}`, {
    method,
    headers: {
      Accept: "application/vnd.github+json",
      Authorization: `Bearer ${context.token}`,
      "X-GitHub-Api-Version": "2022-11-28",
      ...(body ? { "Content-Type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) {
    const hint = response.status === 403 || response.status === 404 ? " The job needs `permissions: pull-requests: write` (and a PR from this repository, not a fork)." : "";
    throw new Error(`GitHub ${method} ${path} answered ${response.status}: ${await response.text()}${hint}`);
  }
  return response.json();
}

interface IssueComment {
  id: number;
  body?: string;
  html_url?: string;
  user?: { type?: string };
}

/** Creates the review comment, or updates the one this workflow made before. */
export async function upsertReviewComment(context: PullRequestContext, review: string, fetchImpl: Fetch = fetch): Promise<{ action: "created" | "updated"; url?: string }> {
  const body = commentBody(review, context.footer);
  const issue = `/repos/${context.repository}/issues/${context.number}`;
  for (let page = 1; ; page++) {
    const comments = (await call(fetchImpl, context, "GET", `${issue}/comments?per_page=100&page=${page}`)) as IssueComment[];
    const ours = comments.find((comment) => comment.body?.startsWith(COMMENT_MARKER) && comment.user?.type === "Bot");
    if (ours) {
      const updated = (await call(fetchImpl, context, "PATCH", `/repos/${context.repository}/issues/comments/${ours.id}`, { body })) as IssueComment;
      return { action: "updated", url: updated.html_url };
    }
    if (comments.length < 100) break;
  }
  const created = (await call(fetchImpl, context, "POST", `${issue}/comments`, { body })) as IssueComment;
  return { action: "created", url: created.html_url };
}
