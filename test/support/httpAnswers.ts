/** Canned HTTP answers for clients under test that take a `fetch` or a requester. */

/** An answer with a JSON body (a fresh Response on every call, as each request needs its own). */
export const jsonAnswer =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
