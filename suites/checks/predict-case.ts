// What the model accepts for one catalogue case on one endpoint: the case's request with `{token}`
// filled in, and the model's prediction, narrowed to the valid token's echo in valid-token mode.
// Shared by the headers suite and the whole-API sweep (each judges it with checks/outcome.ts).
import { predict } from '../model/index.ts';
import type { Prediction, ProfileName, RawRequest, SchemeKind } from '../model/types.ts';
import { expandRequest } from '../catalogue/types.ts';
import type { HeaderCase } from '../catalogue/types.ts';
import { forValidToken } from './token-mode.ts';

export interface CasePredictionContext {
  profile: ProfileName;
  /** the token put into `{token}` */
  token: string;
  /** true when `token` is a real token of a target that validates tokens */
  validToken: boolean;
  /** the endpoint's scheme (config.ts Endpoint.scheme), default OAuth2PasswordBearer */
  scheme?: SchemeKind;
}

export function predictCase(ctx: CasePredictionContext, c: Pick<HeaderCase, 'request'>): { request: RawRequest; prediction: Prediction } {
  const request = expandRequest(c.request, ctx.token);
  const predicted = predict(ctx.profile, request, ctx.scheme);
  return { request, prediction: ctx.validToken ? forValidToken(predicted, ctx.token) : predicted };
}
