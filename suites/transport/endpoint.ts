// One endpoint of a target: its URL, and sending it one request. Shared by the headers suite, the
// fuzz suite and the whole-API sweep, so none of them borrows another suite's runner. The types are
// structural (config.ts's Endpoint, the model's RawRequest fit them): transport imports neither.
import type { HttpClient } from './http.ts';
import type { Exchange, WireRequest } from './wire.ts';

/** Where an endpoint is: config.ts's Endpoint fits this. */
export interface EndpointAddress {
  method: string;
  /** relative to the target's base URL, starting with "/" */
  path: string;
}

/** What to send: the model's RawRequest fits this. */
export interface EndpointRequest {
  /** default: the endpoint's method */
  method?: string;
  /** appended to the endpoint's path (without "?") */
  query?: string;
  lines: string[];
}

export function endpointUrl(target: string, endpoint: EndpointAddress, query?: string): string {
  return `${target.replace(/\/+$/, '')}${endpoint.path}${query ? (endpoint.path.includes('?') ? '&' : '?') + query : ''}`;
}

/** The request on the wire: the endpoint's method unless the request names one, its URL with the query. */
export function endpointWire(target: string, endpoint: EndpointAddress, request: EndpointRequest): WireRequest {
  return { method: request.method ?? endpoint.method, url: endpointUrl(target, endpoint, request.query), lines: request.lines };
}

export async function send(ctx: { target: string; client: HttpClient }, endpoint: EndpointAddress, request: EndpointRequest): Promise<{ url: string; exchange: Exchange }> {
  const wire = endpointWire(ctx.target, endpoint, request);
  return { url: wire.url, exchange: await ctx.client.send(wire) };
}
