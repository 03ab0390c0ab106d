/**
 * Reads the parts of a Bicep file the infrastructure tests check, as text: the Bicep compiler does
 * not run on this machine. It understands the layout infra/main.bicep keeps (one declaration per
 * line, blocks closed at the start of a line), not Bicep in general.
 */

export interface BicepParam {
  readonly name: string;
  readonly type: string;
  /** The default's expression as written (several lines for an object), if any. */
  readonly defaultValue: string | undefined;
  readonly decorators: readonly string[];
}

function depth(line: string): number {
  let d = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'" && line[i - 1] !== '\\') inString = !inString;
    if (inString) continue;
    if (c === '{' || c === '[' || c === '(') d++;
    if (c === '}' || c === ']' || c === ')') d--;
  }
  return d;
}

/** Lines from `start` on until the brackets opened there are closed again. */
function balanced(lines: readonly string[], start: number): { text: string; end: number } {
  let open = 0;
  let i = start;
  for (; i < lines.length; i++) {
    open += depth(lines[i] as string);
    if (open <= 0) break;
  }
  return { text: lines.slice(start, i + 1).join('\n'), end: i };
}

export function bicepParams(text: string): Map<string, BicepParam> {
  const lines = text.split('\n');
  const params = new Map<string, BicepParam>();
  let decorators: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith('@')) {
      const block = balanced(lines, i);
      decorators.push(block.text);
      i = block.end;
      continue;
    }
    const match = /^param (\w+) (\w+)(?: = (.*))?$/.exec(line);
    if (match) {
      let defaultValue = match[3];
      if (defaultValue !== undefined && depth(defaultValue) > 0) {
        const block = balanced(lines, i);
        defaultValue = block.text.slice(block.text.indexOf('=') + 1).trim();
        i = block.end;
      }
      params.set(match[1] as string, {
        name: match[1] as string,
        type: match[2] as string,
        defaultValue,
        decorators,
      });
    }
    decorators = [];
  }
  return params;
}

/** The text of a top-level declaration, e.g. `resource storage` or `var appSettings`, up to its end. */
export function declaration(text: string, head: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`${head} `));
  if (start < 0) throw new Error(`no '${head}' in the template`);
  return balanced(lines, start).text;
}

/** `KEY: expression` lines directly inside an object literal. */
export function objectEntries(block: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of block.split('\n')) {
    const match = /^ {2}(\w+): (.+)$/.exec(line);
    if (match) entries.set(match[1] as string, (match[2] as string).trim());
  }
  return entries;
}

/** Every `resource name 'Type@version'` of the template. */
export function resourceTypes(text: string): { symbol: string; type: string; apiVersion: string }[] {
  return [...text.matchAll(/^resource (\w+) '([\w./]+)@([\w-]+)'/gm)].map((m) => ({
    symbol: m[1] as string,
    type: m[2] as string,
    apiVersion: m[3] as string,
  }));
}
