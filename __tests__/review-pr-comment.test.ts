import "cdktf/lib/testing/adapters/jest";
import { createServer, Server } from "node:http";
import { AddressInfo } from "node:net";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commentText, NO_REVIEW_NOTE } from "../tools/plan-review/cli/pr-comment";
import { COMMENT_LIMIT } from "../tools/plan-review/render/comment-fit";
import { COMMENT_MARKER, commentBody, pullRequestContext, PullRequestContext, upsertReviewComment } from "../tools/plan-review/cli/github-comment";

/**
 * The comment step of the workflow against a fake of GitHub's REST API on 127.0.0.1: it finds its
 * own comment by the marker, across pages, and updates it; otherwise it creates one.
 */

interface FakeComment {
  id: number;
  body: string;
  user: { type: string };
}

class FakeGitHub {
  readonly requests: { method: string; url: string; body?: { body: string } }[] = [];
  status = 200;
  private server!: Server;
  url = "";

  constructor(public comments: FakeComment[]) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const body = text ? JSON.parse(text) : undefined;
        this.requests.push({ method: request.method!, url: request.url!, body });
        response.setHeader("Content-Type", "application/json");
        if (this.status !== 200) {
          response.writeHead(this.status);
          response.end(JSON.stringify({ message: "Resource not accessible by integration" }));
          return;
        }
        const url = new URL(request.url!, "http://x");
        if (request.method === "GET") {
          const page = Number(url.searchParams.get("page"));
          response.end(JSON.stringify(this.comments.slice((page - 1) * 100, page * 100)));
        } else if (request.method === "PATCH") {
          const id = Number(url.pathname.split("/").pop());
          this.comments.find((c) => c.id === id)!.body = body.body;
          response.end(JSON.stringify({ id, html_url: `https://github.example/c/${id}` }));
        } else {
          const id = 1000 + this.comments.length;
          this.comments.push({ id, body: body.body, user: { type: "Bot" } });
          response.writeHead(201);
          response.end(JSON.stringify({ id, html_url: `https://github.example/c/${id}` }));
        }
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const human = (id: number, body = "Looks good"): FakeComment => ({ id, body, user: { type: "User" } });

describe("the pull request's review comment", () => {
  let github: FakeGitHub;
  const context = (): PullRequestContext => ({ apiUrl: github.url, token: "t", repository: "org/repo", number: 7, footer: "for commit abc1234" });
  afterEach(() => github.stop());

  it("is created when the pull request has none", async () => {
    // given a pull request with a human's comment only
    github = await new FakeGitHub([human(1)]).start();
    // when
    const result = await upsertReviewComment(context(), "## review\n");
    // then
    expect(result).toEqual({ action: "created", url: "https://github.example/c/1001" });
    expect(github.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["GET /repos/org/repo/issues/7/comments?per_page=100&page=1", "POST /repos/org/repo/issues/7/comments"]);
    expect(github.comments[1].body).toBe(`${COMMENT_MARKER}\n## review\n\n<sub>Updated for commit abc1234.</sub>\n`);
  });

  it("is updated in place when the workflow posted it before, even on a later page", async () => {
    // given 150 human comments, then ours, then a human quoting the marker
    const comments = [...Array.from({ length: 150 }, (_, i) => human(i + 1)), { id: 500, body: `${COMMENT_MARKER}\nold review`, user: { type: "Bot" } }];
    github = await new FakeGitHub([...comments, human(501, `${COMMENT_MARKER} copied`)]).start();
    // when
    const result = await upsertReviewComment(context(), "## new review");
    // then
    expect(result.action).toBe("updated");
    expect(github.requests.map((r) => r.method)).toEqual(["GET", "GET", "PATCH"]);
    expect(github.comments.find((c) => c.id === 500)!.body).toContain("## new review");
    expect(github.comments).toHaveLength(152);
  });

  it("fails with the permission it needs when GitHub refuses", async () => {
    github = await new FakeGitHub([]).start();
    github.status = 403;
    await expect(upsertReviewComment(context(), "x")).rejects.toThrow("The job needs `permissions: pull-requests: write`");
  });

  it("says there is no review when npm run plan wrote none, so an old one never stands for a new commit", () => {
    const folder = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-comment-"));
    writeFileSync(join(folder, "review.md"), "## the review\n");
    expect(commentText(join(folder, "review.md"))).toBe("## the review\n");
    expect(commentText(join(folder, "missing.md"))).toBe(NO_REVIEW_NOTE);
    expect(NO_REVIEW_NOTE).toContain("🛑 **No review for this commit**");
  });

  it("stays within GitHub's limit, saying where it was cut", () => {
    const body = commentBody("x".repeat(COMMENT_LIMIT), "for commit abc1234");
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toContain("✂️ **Truncated:**");
    expect(body.endsWith("<sub>Updated for commit abc1234.</sub>\n")).toBe(true);
  });
});

describe("the pull request, from GitHub Actions' environment", () => {
  const event = JSON.stringify({ pull_request: { number: 42, head: { sha: "0123456789abcdef" } } });

  it("reads the number, the commit and the run", () => {
    const env = { GITHUB_TOKEN: "t", GITHUB_REPOSITORY: "org/repo", GITHUB_EVENT_PATH: "/event.json", GITHUB_RUN_ID: "9", GITHUB_SERVER_URL: "https://github.com" };
    expect(pullRequestContext(env, () => event)).toEqual({
      apiUrl: "https://api.github.com",
      token: "t",
      repository: "org/repo",
      number: 42,
      footer: "for commit 0123456 · [workflow run](https://github.com/org/repo/actions/runs/9), whose summary has the whole review",
    });
  });

  it.each([
    { name: "no token", env: { GITHUB_REPOSITORY: "org/repo", GITHUB_EVENT_PATH: "/e" }, event, message: "GITHUB_TOKEN not set: run this in a GitHub Actions job" },
    { name: "not a pull request", env: { GITHUB_TOKEN: "t", GITHUB_REPOSITORY: "org/repo", GITHUB_EVENT_PATH: "/e" }, event: "{}", message: "has no pull_request.number" },
  ])("says what is wrong: $name", ({ env, event: text, message }) => {
    expect(() => pullRequestContext(env, () => text)).toThrow(message);
  });
});
