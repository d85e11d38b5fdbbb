// Judges a replayed answer by the rule the run judged it with (bin/replay-case.ts): FIXED, STILL
// FAILING, or COULD NOT TEST with the reason. The model and the checks are the run's own.
import { predict } from '../suites/model/index.ts';
import { levelStrength } from '../suites/model/types.ts';
import type { Level, Outcome, Prediction } from '../suites/model/types.ts';
import { judge } from '../suites/checks/outcome.ts';
import { forValidToken } from '../suites/checks/token-mode.ts';
import { neverIssuedPrediction } from '../suites/checks/never-issued.ts';
import { observe } from '../suites/checks/oracle.ts';
import type { WireRequest, WireResponse } from '../suites/transport/wire.ts';
import type { ReplayRule } from './replay-case.ts';
import { toModelRequest } from './replay-request.ts';

export type ReplayVerdict = 'FIXED' | 'STILL FAILING' | 'COULD NOT TEST';

export interface ReplayJudgement {
  verdict: ReplayVerdict;
  reason: string;
}

/** An outcome that names the token the endpoint must see: with a valid token, judging it needs that token. */
function namesToken(outcomes: readonly Outcome[]): boolean {
  return outcomes.some((o) => o.kind === 'authorized' && o.token !== null);
}

function modelPrediction(rule: Extract<ReplayRule, { kind: 'model' }>, wire: WireRequest, token: string | undefined): Prediction | string {
  const predicted = predict(rule.profile, toModelRequest(wire));
  if (!rule.validToken) return predicted;
  if (token !== undefined) return forValidToken(predicted, token);
  const needed = namesToken(predicted.acceptable) || (predicted.waivers ?? []).some((w) => namesToken(w.acceptable));
  return needed ? 'the run judged this answer against its valid token, redacted in the report: give it with --token' : predicted;
}

/**
 * A response that still does not conform is STILL FAILING when it breaks a clause at least as strong
 * as the recorded failure's level; one that now breaks only a weaker clause has fixed that failure.
 */
function byPrediction(prediction: Prediction, res: WireResponse, echo: boolean, level: Level): ReplayJudgement {
  const j = judge(prediction, observe(res, echo), { echo });
  if (j.conforms) return { verdict: 'FIXED', reason: `expected ${j.expected.join(' or ')}; got ${j.actual}` };
  const finding = j.finding ?? prediction.requirement;
  const breaks = `expected ${j.expected.join(' or ')}; got ${j.actual} (breaks ${finding.id}, ${finding.level})`;
  return levelStrength(finding.level) >= levelStrength(level) ? { verdict: 'STILL FAILING', reason: breaks } : { verdict: 'FIXED', reason: `now only ${breaks}` };
}

export function judgeReplay(rule: ReplayRule, level: Level, wire: WireRequest, res: WireResponse, token: string | undefined): ReplayJudgement {
  switch (rule.kind) {
    case 'model': {
      const prediction = modelPrediction(rule, wire, token);
      if (typeof prediction === 'string') return { verdict: 'COULD NOT TEST', reason: prediction };
      return byPrediction(prediction, res, rule.echo, level);
    }
    case 'never-issued':
      return byPrediction(neverIssuedPrediction(rule.profile), res, false, level);
    case 'shape': {
      if (res.status !== 401) return { verdict: 'COULD NOT TEST', reason: `answered ${res.status}, not 401: no challenge to judge (a run skips the rule)` };
      const obs = observe(res, false);
      const problem = rule.rule.appliesTo(obs) ? rule.rule.check(obs, toModelRequest(wire)) : null;
      return problem ? { verdict: 'STILL FAILING', reason: problem } : { verdict: 'FIXED', reason: rule.rule.title };
    }
    case 'no-5xx':
      return res.status < 500 ? { verdict: 'FIXED', reason: `expected any status below 500; got ${res.status}` } : { verdict: 'STILL FAILING', reason: `expected any status below 500; got ${res.status}` };
    case 'answers':
      return { verdict: 'FIXED', reason: 'answered' };
  }
}
