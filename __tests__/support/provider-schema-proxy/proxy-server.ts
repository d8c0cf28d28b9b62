import { ClientHttp2Session, connect, constants, createServer, IncomingHttpHeaders, OutgoingHttpHeaders, ServerHttp2Stream } from "node:http2";
import { connect as connectSocket } from "node:net";
import { SCHEMA_RPC, SERVED_SCHEMA_RESPONSES, servedResponseBody } from "./served-schema";

/**
 * Between Terraform and one AWS provider started with -debug: a gRPC proxy on a Unix socket that
 * passes every call through as it is (HTTP/2 streams, headers and trailers; go-plugin's own
 * services too) and cuts the provider's schema to the types the tests use (served-schema.ts). Its
 * own process, so that it answers while a test blocks in spawnSync. Run as
 * `node --require sucrase/register/ts proxy-server.ts <provider socket> <listen socket>`; says
 * "listening" once it does, and exits when the provider's connection or its standard input ends.
 */

/** A whole response, kept to answer the schema call again. */
interface RecordedResponse {
  headers: OutgoingHttpHeaders;
  body: Buffer;
  trailers: OutgoingHttpHeaders;
}

/** Room for the schema (megabytes) in one go on each side. */
const SETTINGS = { initialWindowSize: 64 * 1024 * 1024 };
const MAX_SESSION_MEMORY_MB = 1024;

const withoutPseudoHeaders = (headers: IncomingHttpHeaders): OutgoingHttpHeaders =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith(":")));

const succeeded = (response: RecordedResponse) => String(response.trailers["grpc-status"] ?? response.headers["grpc-status"]) === "0";

function replay(downstream: ServerHttp2Stream, response: RecordedResponse): void {
  downstream.respond(response.headers, { waitForTrailers: true });
  downstream.once("wantTrailers", () => downstream.sendTrailers(response.trailers));
  downstream.end(response.body);
}

/**
 * Forwards one call. Streams pass through as they come; a schema response is gathered whole, cut,
 * and handed to `recorded`.
 */
function forward(provider: ClientHttp2Session, downstream: ServerHttp2Stream, headers: IncomingHttpHeaders, recorded?: (response: RecordedResponse) => void): void {
  const path = String(headers[":path"]);
  const cut = path in SERVED_SCHEMA_RESPONSES;
  const upstream = provider.request(headers, { endStream: false });
  downstream.pipe(upstream);
  let trailers: OutgoingHttpHeaders = {};
  upstream.on("trailers", (received) => (trailers = withoutPseudoHeaders(received)));
  upstream.on("response", (responseHeaders, flags) => {
    if (downstream.destroyed) return;
    // A trailers-only response (a gRPC error before any message) ends with its headers.
    if (flags & constants.NGHTTP2_FLAG_END_STREAM) return downstream.respond(responseHeaders, { endStream: true });
    downstream.respond(responseHeaders, { waitForTrailers: true });
    downstream.once("wantTrailers", () => !downstream.destroyed && downstream.sendTrailers(trailers));
    if (!cut) return void upstream.pipe(downstream);
    const chunks: Buffer[] = [];
    upstream.on("data", (chunk: Buffer) => chunks.push(chunk));
    upstream.on("end", () => {
      const body = servedResponseBody(path, Buffer.concat(chunks));
      recorded?.({ headers: withoutPseudoHeaders(responseHeaders), body, trailers });
      if (!downstream.destroyed) downstream.end(body);
    });
  });
  // A call cancelled on either side is cancelled on the other.
  upstream.on("close", () => {
    if (upstream.rstCode && !downstream.closed) downstream.close(upstream.rstCode);
  });
  downstream.on("close", () => {
    if (!upstream.closed) upstream.close(constants.NGHTTP2_CANCEL);
  });
  upstream.on("error", () => undefined);
  downstream.on("error", () => undefined);
}

function serve(providerSocket: string, listenSocket: string): void {
  const provider = connect("http://provider", { createConnection: () => connectSocket(providerSocket), settings: SETTINGS, maxSessionMemory: MAX_SESSION_MEMORY_MB });
  provider.on("close", () => process.exit(0));
  provider.on("error", (error) => {
    console.error(`The provider's connection failed: ${error.message}`);
    process.exit(1);
  });
  let schema: RecordedResponse | undefined;
  const server = createServer({ settings: SETTINGS, maxSessionMemory: MAX_SESSION_MEMORY_MB });
  server.on("stream", (downstream, headers) => {
    if (headers[":path"] !== SCHEMA_RPC) return forward(provider, downstream, headers);
    if (!schema) return forward(provider, downstream, headers, (response) => (schema = succeeded(response) ? response : undefined));
    downstream.resume(); // the request, an empty message, is not needed
    replay(downstream, schema);
  });
  server.listen(listenSocket, () => console.log("listening"));
  process.stdin.on("end", () => process.exit(0)).resume();
}

const [providerSocket, listenSocket] = process.argv.slice(2);
if (!providerSocket || !listenSocket) {
  console.error("Usage: proxy-server.ts <provider socket> <listen socket>");
  process.exit(2);
}
serve(providerSocket, listenSocket);
