// Probes before fuzzing, as Schemathesis does for NUL bytes: does the target's HTTP layer refuse
// NUL, other CTLs, obs-text, obs-fold, duplicate fields or long heads? One raw request each, with
// the odd bytes in a header of their own beside a canonical Authorization line, so that the answer
// speaks for the HTTP layer and not for the Bearer scheme. Findings are informational: where RFC
// 9110 lets a server refuse, the model already accepts `http-rejected`.
import { bearerChallenges } from '../checks/outcome.ts';
import { escapeBytes } from '../evidence.ts';
import type { Redactor } from '../redact.ts';
import { sendRaw } from '../transport/raw.ts';
import { TransportError } from '../transport/wire.ts';
import { canonicalRequest, wireRequest } from './trial.ts';
import type { FuzzTarget } from './trial.ts';

export type ProbeFeature = 'nul' | 'ctl' | 'obs-text' | 'obs-fold' | 'duplicates' | 'long-head';

const PROBE_HEADER = 'X-Bearer-Conformance-Probe';
/** The longest head the fuzzer sends is a 16 KiB token plus its line. */
export const LONG_HEAD_BYTES = 16 * 1024 + 64;

interface Probe {
  feature: ProbeFeature;
  sends: string;
  /** lines beside the canonical Authorization line */
  lines(token: string): string[];
}

export const PROBES: readonly Probe[] = [
  { feature: 'nul', sends: 'a NUL byte in a field value', lines: () => [`${PROBE_HEADER}: a\x00b`] },
  { feature: 'ctl', sends: 'a CTL byte (0x01) in a field value', lines: () => [`${PROBE_HEADER}: a\x01b`] },
  { feature: 'obs-text', sends: 'an obs-text byte (0xE9) in a field value', lines: () => [`${PROBE_HEADER}: a\xe9b`] },
  { feature: 'obs-fold', sends: 'a field folded onto a continuation line (obs-fold)', lines: () => [`${PROBE_HEADER}: a`, ' b'] },
  { feature: 'duplicates', sends: 'the same Authorization line twice', lines: (token) => canonicalRequest(token).lines },
  { feature: 'long-head', sends: `a head of ${LONG_HEAD_BYTES} bytes`, lines: () => [`${PROBE_HEADER}: ${'x'.repeat(LONG_HEAD_BYTES)}`] },
];

export interface ProbeFinding {
  feature: ProbeFeature;
  sends: string;
  /** the request as sent, escaped (long runs elided) */
  request: string;
  /** rejected: 400/431 without a Bearer challenge, i.e. by the HTTP layer; accepted: any other answer */
  verdict: 'rejected by the HTTP layer' | 'accepted' | 'no answer';
  status?: number;
  detail: string;
}

export interface ProbeReport {
  findings: ProbeFinding[];
  /** the features the HTTP layer refused, with the status */
  rejected: { feature: ProbeFeature; status: number }[];
  /** one line for the top of a report */
  summary: string;
}

function shortened(escaped: string): string {
  return escaped.replace(/(.)\1{63,}/g, (run, ch: string) => `${ch}…(${run.length} bytes)`);
}

async function runProbe(target: FuzzTarget, probe: Probe, redactor: Redactor): Promise<ProbeFinding> {
  const wire = wireRequest(target, { lines: [...canonicalRequest(target.token).lines, ...probe.lines(target.token)] });
  const request = shortened(escapeBytes(redactor.text(wire.lines.join('\r\n'))));
  try {
    const { response } = await sendRaw(wire, { timeoutMs: target.timeoutMs, insecure: target.insecure });
    const byHttpLayer = (response.status === 400 || response.status === 431) && bearerChallenges(response).length === 0;
    return byHttpLayer
      ? { feature: probe.feature, sends: probe.sends, request, verdict: 'rejected by the HTTP layer', status: response.status, detail: `${response.status} without a Bearer challenge` }
      : { feature: probe.feature, sends: probe.sends, request, verdict: 'accepted', status: response.status, detail: `answered ${response.status}` };
  } catch (err) {
    if (!(err instanceof TransportError)) throw err;
    return { feature: probe.feature, sends: probe.sends, request, verdict: 'no answer', detail: err.message };
  }
}

/** "HTTP layer rejects nul (400), obs-fold (400); accepts ctl, obs-text, duplicates, long-head" */
export function summarise(findings: readonly ProbeFinding[]): string {
  const groups: [ProbeFinding['verdict'], string][] = [['rejected by the HTTP layer', 'rejects'], ['accepted', 'accepts'], ['no answer', 'does not answer']];
  const parts = groups.flatMap(([verdict, label]) => {
    const hits = findings.filter((f) => f.verdict === verdict);
    const shown = hits.map((f) => (verdict === 'rejected by the HTTP layer' ? `${f.feature} (${f.status})` : f.feature));
    return hits.length ? [`${label} ${shown.join(', ')}`] : [];
  });
  return `HTTP layer ${parts.join('; ')}`;
}

/** Sends each probe once, one after the other (they are few, and some close the connection). */
export async function probeHttpLayer(target: FuzzTarget, redactor: Redactor): Promise<ProbeReport> {
  const findings: ProbeFinding[] = [];
  for (const probe of PROBES) {
    findings.push(await runProbe(target, probe, redactor));
  }
  const rejected = findings.filter((f) => f.verdict === 'rejected by the HTTP layer').map((f) => ({ feature: f.feature, status: f.status! }));
  return { findings, rejected, summary: summarise(findings) };
}
