import { describe, expect, it } from 'vitest';
import { clfTime, toFunctionUrlEvent, toHttpResponse } from '../../../src/runner/function-url.js';
import type { InvocationResult } from '../../../src/runner/run-session.js';

const context = {
  requestId: 'req-1',
  timeEpochMs: 1583348638390,
  domainName: '127.0.0.1:9000',
  accountId: '000000000000',
};

function result(payload: unknown, status: InvocationResult['status'] = 'success'): InvocationResult {
  return {
    requestId: 'req-1',
    traceHeader: 'Root=1-5e1b4151-5ac6c58f5b5b5b5b5b5b5b5b;Parent=53995c3f42cd8ad8;Sampled=1',
    status,
    coldStart: false,
    payload: status === 'success' ? JSON.stringify(payload) : undefined,
    durationMs: 1,
  };
}

describe('toFunctionUrlEvent', () => {
  it('builds a payload 2.0 event with query parameters, cookies and a text body', () => {
    // Act
    const event = toFunctionUrlEvent(
      {
        method: 'POST',
        url: '/my/path?parameter1=value1&parameter1=value2&parameter2=value',
        httpVersion: '1.1',
        headers: { 'content-type': 'application/json', cookie: 'cookie1=a; cookie2=b', 'user-agent': 'agent' },
        body: Buffer.from('{"hello":"client"}'),
        sourceIp: '127.0.0.1',
      },
      context,
    );

    // Assess
    expect(event).toEqual({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/my/path',
      rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
      cookies: ['cookie1=a', 'cookie2=b'],
      headers: { 'content-type': 'application/json', 'user-agent': 'agent' },
      queryStringParameters: { parameter1: 'value1,value2', parameter2: 'value' },
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: '127.0.0.1:9000',
        domainPrefix: 'local',
        http: { method: 'POST', path: '/my/path', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'agent' },
        requestId: 'req-1',
        routeKey: '$default',
        stage: '$default',
        time: '04/Mar/2020:19:03:58 +0000',
        timeEpoch: 1583348638390,
      },
      body: '{"hello":"client"}',
      isBase64Encoded: false,
    });
  });

  it('base64-encodes a binary body and leaves out the query and body when absent', () => {
    const binary = toFunctionUrlEvent(
      {
        method: 'PUT',
        url: '/upload',
        httpVersion: '1.1',
        headers: { 'content-type': 'image/png' },
        body: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
        sourceIp: '127.0.0.1',
      },
      context,
    );
    expect(binary.body).toBe('iVBORw==');
    expect(binary.isBase64Encoded).toBe(true);
    expect(binary).not.toHaveProperty('queryStringParameters');
    const empty = toFunctionUrlEvent(
      { method: 'GET', url: '/', httpVersion: '1.1', headers: {}, body: Buffer.alloc(0), sourceIp: '127.0.0.1' },
      context,
    );
    expect(empty).not.toHaveProperty('body');
    expect(empty).not.toHaveProperty('cookies');
  });

  it('formats requestContext.time like API Gateway', () => {
    expect(clfTime(Date.UTC(2024, 0, 5, 7, 8, 9))).toBe('05/Jan/2024:07:08:09 +0000');
  });
});

describe('toHttpResponse', () => {
  it('uses a result with statusCode as the response, decoding a base64 body', () => {
    const response = toHttpResponse(
      result({ statusCode: 201, headers: { 'X-Custom': 1 }, cookies: ['a=1'], body: 'aGk=', isBase64Encoded: true }),
    );
    expect(response).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'application/json', 'x-custom': '1' },
      cookies: ['a=1'],
      body: Buffer.from('hi'),
    });
  });

  it('turns any other result into a 200 JSON response', () => {
    const response = toHttpResponse(result({ message: 'hello' }));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body.toString()).toBe('{"message":"hello"}');
  });

  it.each(['error', 'timeout', 'crash'] as const)('answers a failed invocation (%s) with 502', (status) => {
    const response = toHttpResponse(result(undefined, status));
    expect(response.statusCode).toBe(502);
    expect(JSON.parse(response.body.toString())).toEqual({ Message: 'Internal Server Error' });
  });

  it('answers 502 for an invalid statusCode', () => {
    expect(toHttpResponse(result({ statusCode: 'nope' })).statusCode).toBe(502);
  });
});
