// The YAML subset action.yml is written in, read without a YAML dependency: block mappings and
// sequences by indentation, `|` literal blocks, plain and quoted scalars, whole-line comments.
// Anything else (flow collections, anchors, inline comments) is not YAML this reader accepts: it
// throws, so action.yml stays in the subset its test can read.
export type YamlValue = string | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  indent: number;
  text: string;
  raw: string;
}

const indentOf = (s: string) => s.length - s.trimStart().length;

function scalar(s: string, where: number): string {
  if (/^'.*'$/.test(s)) return s.slice(1, -1).replace(/''/g, "'");
  if (/^".*"$/.test(s)) return JSON.parse(s) as string;
  if (/^[[{&*!>]/.test(s) || / #/.test(s)) throw new Error(`line ${where + 1}: outside the YAML subset: ${s}`);
  return s;
}

class Reader {
  constructor(private readonly lines: Line[]) {}

  private content(i: number): number {
    while (i < this.lines.length && (this.lines[i]!.text === '' || this.lines[i]!.text.startsWith('#'))) i++;
    return i;
  }

  block(i: number, indent: number): [YamlValue, number] {
    i = this.content(i);
    return this.lines[i]?.text.startsWith('- ') ? this.sequence(i, indent) : this.mapping(i, indent);
  }

  private sequence(i: number, indent: number): [YamlValue[], number] {
    const out: YamlValue[] = [];
    while ((i = this.content(i)) < this.lines.length && this.lines[i]!.indent === indent && this.lines[i]!.text.startsWith('- ')) {
      const line = this.lines[i]!;
      this.lines[i] = { ...line, indent: indent + 2, text: line.text.slice(2) };
      const [item, next] = this.mapping(i, indent + 2);
      out.push(item);
      i = next;
    }
    return [out, i];
  }

  private mapping(i: number, indent: number): [{ [key: string]: YamlValue }, number] {
    const out: { [key: string]: YamlValue } = {};
    while ((i = this.content(i)) < this.lines.length && this.lines[i]!.indent === indent) {
      const m = /^([\w.-]+):(?: (.*))?$/.exec(this.lines[i]!.text);
      if (!m) throw new Error(`line ${i + 1}: expected "key: value": ${this.lines[i]!.text}`);
      const rest = m[2]?.trim() ?? '';
      if (rest === '|') [out[m[1]!], i] = this.literal(i + 1, indent);
      else if (rest === '') {
        const next = this.content(i + 1);
        [out[m[1]!], i] = this.block(next, this.lines[next]!.indent);
      } else [out[m[1]!], i] = [scalar(rest, i), i + 1];
    }
    if (i < this.lines.length && this.content(i) === i && this.lines[i]!.indent > indent) throw new Error(`line ${i + 1}: unexpected indentation`);
    return [out, i];
  }

  /** A `|` block: every following line more indented than its key (or blank), with the block's indentation removed. */
  private literal(i: number, keyIndent: number): [string, number] {
    const body: string[] = [];
    let blockIndent = -1;
    for (; i < this.lines.length; i++) {
      const raw = this.lines[i]!.raw;
      if (raw.trim() === '') {
        body.push('');
        continue;
      }
      if (indentOf(raw) <= keyIndent) break;
      if (blockIndent < 0) blockIndent = indentOf(raw);
      body.push(raw.slice(blockIndent));
    }
    while (body.length && body[body.length - 1] === '') body.pop();
    return [body.join('\n') + '\n', i];
  }
}

export function parseYamlSubset(source: string): YamlValue {
  const lines = source.split('\n').map((raw) => ({ raw, indent: indentOf(raw), text: raw.trim() }));
  const reader = new Reader(lines);
  return reader.block(0, 0)[0];
}
