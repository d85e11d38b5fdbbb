// RFC 6750 §3 on parsed challenges: a table of WWW-Authenticate field values and what each of the
// attribute rules finds in its Bearer challenges (repeated names, forbidden characters, unknown codes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWwwAuthenticate } from '../suites/checks/challenge.ts';
import { forbiddenCharacters, repeatedAttributes, unknownErrorCodes } from '../suites/checks/bearer-attributes.ts';

interface Row {
  fields: string[];
  repeated?: string[];
  forbidden?: string[];
  unknown?: string[];
}

const ROWS: Row[] = [
  // conforming
  { fields: ['Bearer'] },
  { fields: ['Bearer realm="example"'] },
  { fields: ['Bearer realm="example", error="invalid_token", error_description="The access token expired"'] },
  { fields: ['Bearer realm="example", error="insufficient_scope", scope="items:read me"'] },
  { fields: ['Bearer error=invalid_request, error_uri="https://example.com/e?a=1,b=2"'] },
  // a comma inside a quoted string is not a list separator; the realm may hold any qdtext
  { fields: ['Bearer realm="a, b=\\"c\\"", scope="me"'] },
  // the same name in two challenges is not a repetition
  { fields: ['Basic realm="x", Bearer realm="y"'] },
  { fields: ['Bearer realm="x"', 'Bearer realm="y"'] },
  // token68 challenges have no auth-params
  { fields: ['Negotiate abc==, Bearer realm="y"'] },
  // repeated attributes, names compared case-insensitively
  { fields: ['Bearer realm="a", realm="a"'], repeated: ['realm'] },
  { fields: ['Bearer Realm="a", rEalm="b", scope="x", SCOPE="y"'], repeated: ['realm', 'scope'] },
  { fields: ['Bearer error="invalid_token", error="invalid_token"'], repeated: ['error'] },
  { fields: ['Bearer realm="a",, realm="b", Basic'], repeated: ['realm'] },
  // characters outside %x20-21 / %x23-5B / %x5D-7E, after quoted-pairs are undone
  { fields: ['Bearer error_description="a \\"quoted\\" word"'], forbidden: ['error_description="a \\"quoted\\" word"'] },
  { fields: ['Bearer error_description="back\\\\slash"'], forbidden: ['error_description="back\\\\slash"'] },
  { fields: ['Bearer error_description="caf\xe9"'], forbidden: ['error_description="caf\xe9"'] },
  { fields: ['Bearer error_description="tab\there"'], forbidden: ['error_description="tab\\x09here"'] },
  { fields: ['Bearer scope="a\\"b"'], forbidden: ['scope="a\\"b"'] },
  { fields: ['Bearer ERROR="invalid\\\\token"'], forbidden: ['error="invalid\\\\token"'], unknown: ['invalid\\token'] },
  // the realm and other auth-params are not held to that set
  { fields: ['Bearer realm="caf\xe9 \\"x\\""'] },
  // unknown error codes: values compare exactly
  { fields: ['Bearer error="unauthorized"'], unknown: ['unauthorized'] },
  { fields: ['Bearer error="INVALID_TOKEN"'], unknown: ['INVALID_TOKEN'] },
  { fields: ['Bearer error=""'], unknown: [''] },
];

for (const row of ROWS) {
  test(`RFC 6750 §3 attributes of ${JSON.stringify(row.fields)}`, () => {
    const parsed = parseWwwAuthenticate(row.fields);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    const bearer = parsed.challenges.filter((c) => c.scheme.toLowerCase() === 'bearer');
    assert.deepEqual({
      repeated: parsed.challenges.flatMap(repeatedAttributes),
      forbidden: bearer.flatMap(forbiddenCharacters),
      unknown: bearer.flatMap(unknownErrorCodes),
    }, { repeated: row.repeated ?? [], forbidden: row.forbidden ?? [], unknown: row.unknown ?? [] });
  });
}
