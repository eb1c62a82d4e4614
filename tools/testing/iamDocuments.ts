// IAM policy documents as an emulated account returns them: moto answers GetRolePolicy with the
// document as a Python literal (`{'Effect': 'Allow', ...}`) and GetRole's trust policy URL-encoded.
// Real IAM returns URL-encoded JSON. Both become plain objects here, so e2e tests read the
// statements the account holds — the emulator never evaluates them, the tests do.

export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  NotAction?: unknown;
  NotResource?: unknown;
  Condition?: unknown;
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

/** A policy document in any of the forms above. */
export function parsePolicyDocument(text: string): PolicyDocument {
  const decoded = text.trimStart().startsWith('%') ? decodeURIComponent(text) : text;
  try {
    return JSON.parse(decoded) as PolicyDocument;
  } catch {
    return JSON.parse(pythonLiteralToJson(decoded)) as PolicyDocument;
  }
}

/** Statements of a document as a list. */
export function statementsOf(document: PolicyDocument): PolicyStatement[] {
  return Array.isArray(document.Statement) ? document.Statement : [document.Statement];
}

/** Converts a Python literal of dicts, lists, strings, numbers, True/False/None to JSON text. */
function pythonLiteralToJson(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (char === "'" || char === '"') {
      let value = '';
      for (i += 1; i < text.length && text[i] !== char; i += 1) {
        if (text[i] === '\\') {
          i += 1;
          value += text[i] === 'n' ? '\n' : (text[i] as string);
        } else value += text[i] as string;
      }
      if (i >= text.length) throw new Error(`Unterminated string in policy document: ${text.slice(0, 80)}`);
      out += JSON.stringify(value);
    } else if (/[A-Za-z]/.test(char)) {
      const word = /^[A-Za-z]+/.exec(text.slice(i))?.[0] ?? '';
      const json = { True: 'true', False: 'false', None: 'null' }[word];
      if (json === undefined) throw new Error(`Unexpected ${word} in policy document: ${text.slice(0, 80)}`);
      out += json;
      i += word.length - 1;
    } else out += char;
  }
  return out;
}
