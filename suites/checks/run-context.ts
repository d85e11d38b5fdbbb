// What a check on one endpoint runs with: the target, profile, client, redactor, the token mode and
// the echo oracle (both decided once per endpoint). The headers suite and the whole-API sweep share
// it, so it lives below both.
import type { ProfileName } from '../model/types.ts';
import type { HttpClient } from '../transport/http.ts';
import type { Redactor } from '../redact.ts';

export interface HeaderRunContext {
  target: string;
  profile: ProfileName;
  client: HttpClient;
  redactor: Redactor;
  /** the token put into `{token}`: the demo token, or the user's real one */
  token: string;
  /** true when `token` is a real token of a target that validates tokens */
  validToken: boolean;
  /** why `token` and `validToken` are what they are (see tokenMode) */
  tokenReason?: string;
  /** true when the target echoes the token it saw ({"token": ...}) */
  echo: boolean;
  /** why the echo oracle is on or off (see decideEchoOracle) */
  echoReason?: string;
}
