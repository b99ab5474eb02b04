// A page on one origin calling a Portico API on another origin that sends no CORS headers: the
// browser hides the answer, and the list's message must say what to check (issue 18, item 2).
// The test server answers on localhost and on 127.0.0.1 alike; to the browser those are two origins.
import { expect } from '@open-wc/testing';
import { RestContactsClient } from '@portico/client-rest';
import { ContactsError } from '@portico/core';

describe('RestContactsClient on a page of another origin than the API', () => {
  it('says the browser blocked the request (CORS), names the URL and the page origin to allow', async () => {
    const other = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
    const apiOrigin = `${location.protocol}//${other}:${location.port}`;
    const baseUrl = `${apiOrigin}/api`;
    let caught: unknown;
    try {
      await new RestContactsClient({ baseUrl, retry: 0 }).me();
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(ContactsError);
    const error = caught as ContactsError;
    expect(error.code).to.equal('network');
    expect(error.message).to.equal(
      `GET ${baseUrl}/me failed: the browser blocked this request (CORS): allow ${location.origin} on the server at ${apiOrigin}, or check base-url.`,
    );
  });

  it('tells a server that is down on another origin from a CORS refusal', async () => {
    const other = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
    // 49151 (IANA reserved): nothing listens there on a test machine.
    const baseUrl = `${location.protocol}//${other}:49151/api`;
    let caught: unknown;
    try {
      await new RestContactsClient({ baseUrl, retry: 0 }).me();
    } catch (error) {
      caught = error;
    }
    const error = caught as ContactsError;
    expect(error.code).to.equal('network');
    expect(error.message).to.equal(`GET ${baseUrl}/me failed: the server at ${location.protocol}//${other}:49151 could not be reached. Check that it is running and check base-url.`);
  });

  it('on the page origin, a path resolves against the page and the message names the full URL', async () => {
    let caught: unknown;
    try {
      await new RestContactsClient({ baseUrl: '/wrong', retry: 0 }).me();
    } catch (error) {
      caught = error;
    }
    const error = caught as ContactsError;
    expect(error.code).to.equal('not_found');
    expect(error.message).to.equal(`GET ${location.origin}/wrong/me answered 404 Not Found: there is no Portico API at ${location.origin}/wrong/. Check base-url.`);
    expect(error.configuration, 'set up wrong: elements show this message in every language').to.equal(true);
  });
});
