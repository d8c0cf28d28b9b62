/** One Query API call over HTTP, form-encoded as the AWS SDKs send it: for tests of the endpoint's wire form. */
export async function callQueryApi(url: string, params: Record<string, string>): Promise<{ status: number; xml: string }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8" },
    body: new URLSearchParams({ Version: "2010-05-08", ...params }),
  });
  return { status: response.status, xml: await response.text() };
}
