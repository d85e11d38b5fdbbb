// The model's prediction for a sweep case depends on the profile, the token put into `{token}`, whether
// that token is valid, and the endpoint's scheme: never on which operation is swept. A run of 1,001
// operations has a handful of such combinations, so each is predicted once per run, not per operation.
import { predictCase } from '../checks/predict-case.ts';
import type { CasePredictionContext } from '../checks/predict-case.ts';
import type { HeaderCase } from '../catalogue/index.ts';
import type { Prediction, RawRequest } from '../model/types.ts';
import { headerCase } from './probes.ts';

/** A catalogue case with its expanded request (before the operation's own lines) and the model's prediction. */
export interface PredictedCase {
  c: HeaderCase;
  request: RawRequest;
  prediction: Prediction;
}

export type CasePredictions = (ctx: CasePredictionContext, caseId: string) => PredictedCase;

/** A memo for one run: kept in memory only (its keys hold the token), never serialised. */
export function casePredictions(): CasePredictions {
  const known = new Map<string, PredictedCase>();
  return (ctx, caseId) => {
    const key = JSON.stringify([caseId, ctx.profile, ctx.scheme ?? null, ctx.validToken, ctx.token]);
    let predicted = known.get(key);
    if (!predicted) {
      const c = headerCase(caseId);
      predicted = { c, ...predictCase(ctx, c) };
      known.set(key, predicted);
    }
    return predicted;
  };
}
