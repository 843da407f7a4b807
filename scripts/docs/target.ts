import { z } from 'zod';
import { targetSchema } from '../../fixtures/target';
import { code, table, type DocPage } from './page';

type JsonSchema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  additionalProperties?: JsonSchema | boolean;
};

interface Row {
  path: string;
  type: string;
  required: boolean;
  description: string;
}

function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return code(JSON.stringify(s.const));
  if (s.enum) return s.enum.map((v) => code(JSON.stringify(v))).join(', ');
  if (s.format === 'uri') return 'URL';
  if (s.type === 'integer') return `integer${s.minimum !== undefined ? ` ${s.minimum}–${s.maximum}` : ''}`;
  if (s.prefixItems) return `list of ${s.prefixItems.length}`;
  if (s.type === 'array') return 'list';
  if (s.type === 'object' && !s.properties) return 'map';
  return String(s.type ?? 'any');
}

/** Rows for a field and everything inside it, depth first, in the order the schema declares the fields. A list
 * whose items were described before (the login step lists) points there instead of repeating them. */
function walk(s: JsonSchema, path: string, required: boolean, rows: Row[], seen: Map<string, string>): void {
  const alternatives = s.anyOf ?? s.oneOf;
  const itemsKey = s.items ? JSON.stringify(s.items) : undefined;
  const before = itemsKey ? seen.get(itemsKey) : undefined;
  const type = alternatives ? alternatives.map(typeOf).join(' or ') : typeOf(s);
  rows.push({ path, type: before ? `${type} (items as in ${code(before)})` : type, required, description: s.description ?? '' });
  if (before) return;
  if (itemsKey) seen.set(itemsKey, `${path}[]`);
  inside(s, path, rows, seen);
}

/** Rows for what a value holds: its fields, the fields of its list items or map values, of each alternative. */
function inside(s: JsonSchema, path: string, rows: Row[], seen: Map<string, string>): void {
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) {
    for (const alt of alternatives) {
      const tag = alt.properties?.action?.const;
      inside(alt, tag !== undefined ? `${path} (action ${JSON.stringify(tag)})` : path, rows, seen);
    }
    return;
  }
  const sep = path ? '.' : '';
  if (s.properties) for (const [k, v] of Object.entries(s.properties)) walk(v, `${path}${sep}${k}`, s.required?.includes(k) ?? false, rows, seen);
  if (s.type === 'object' && !s.properties && typeof s.additionalProperties === 'object') inside(s.additionalProperties, `${path}.<name>`, rows, seen);
  if (s.prefixItems?.[0]) inside(s.prefixItems[0], `${path}[i]`, rows, seen);
  else if (s.items) inside(s.items, `${path}[]`, rows, seen);
}

export const targetPage: DocPage = {
  file: 'target-config.md',
  title: 'Target configuration fields',
  sources: ['fixtures/target.ts'],
  render: () => {
    const schema = z.toJSONSchema(targetSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    const rows: Row[] = [];
    inside(schema, '', rows, new Map());
    return `The file named by \`FAPI_CONFIG\` (JSON if it ends in \`.json\`, YAML otherwise). \`\${env:NAME}\` in any
string takes the value from the environment; relative paths are relative to the file. Unknown fields are refused.
How to write one: docs/your-own-as.md; examples: \`fixtures/examples/\`.

${table(['field', 'type', 'required', 'meaning'], rows.map((r) => [code(r.path), r.type, r.required ? 'yes' : '', r.description]))}`;
  },
};
