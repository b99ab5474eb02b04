import { ContactsError, TOKEN_PROBLEM_TYPES } from '@portico/core';

/** Supplies the bearer token (an embed token the portal's back end minted, or the portal's access token). */
export type GetToken = () => string | Promise<string>;

/** Whether an answer is the server's "token expired" problem (`TOKEN_PROBLEM_TYPES.expired`). */
const isTokenExpired = async (response: Response): Promise<boolean> => {
  if (response.status !== 401 || !(response.headers.get('content-type') ?? '').includes('json')) return false;
  try {
    const body = (await response.clone().json()) as { type?: unknown };
    return body.type === TOKEN_PROBLEM_TYPES.expired;
  } catch {
    return false;
  }
};

/**
 * A `fetch` that sends `Authorization: Bearer <token>`. The token is asked for once and kept; when
 * the server answers that it has expired, `getToken` is asked again and the request sent once more,
 * so a page left open past a token's life goes on working. Requests that meet the expiry together
 * share one new token.
 */
export const bearerFetch = (getToken: GetToken, base?: typeof fetch): typeof fetch => {
  let current: Promise<string> | undefined;
  const fetchToken = (): Promise<string> => {
    const next = Promise.resolve()
      .then(getToken)
      .catch((error: unknown) => {
        throw new ContactsError(`getToken() failed, so the request was not sent: ${error instanceof Error ? error.message : String(error)}`, { code: 'unauthenticated', cause: error });
      });
    current = next;
    // A failed attempt is not kept: the next request asks again.
    next.catch(() => {
      if (current === next) current = undefined;
    });
    return next;
  };
  const send = async (request: Request, token: string): Promise<Response> => {
    request.headers.set('authorization', `Bearer ${token}`);
    return (base ?? globalThis.fetch)(request);
  };
  return async (input, init) => {
    const request = new Request(input, init);
    // Kept unread for the second attempt: a body can be sent only once.
    const spare = request.clone();
    const used = current ?? fetchToken();
    const response = await send(request, await used);
    if (!(await isTokenExpired(response))) return response;
    // Another request may have fetched a new token meanwhile.
    const fresh = current && current !== used ? current : fetchToken();
    await response.body?.cancel();
    return send(spare, await fresh);
  };
};
