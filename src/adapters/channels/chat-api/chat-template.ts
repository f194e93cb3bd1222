import { validationError } from '../../../domain/errors.ts';

/** A JSON value as YAML or JSON gives it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Values for `{name}` placeholders; an undefined value is a placeholder that cannot be filled yet. */
export type TemplateVars = Readonly<Record<string, string | undefined>>;

const TOKEN = /\{\{|\}\}|\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/** The placeholder names a string template uses (`{{` and `}}` are literal braces). */
export function placeholdersOf(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(TOKEN)) if (match[1] !== undefined) names.push(match[1]);
  return names;
}

/** The placeholder names used anywhere in the string values of a JSON template. */
export function jsonPlaceholdersOf(template: JsonValue): string[] {
  if (typeof template === 'string') return placeholdersOf(template);
  if (Array.isArray(template)) return template.flatMap(jsonPlaceholdersOf);
  if (template !== null && typeof template === 'object') return Object.values(template).flatMap(jsonPlaceholdersOf);
  return [];
}

/**
 * Fills `{name}` placeholders in a string. `{{` and `}}` stand for literal braces; braces around anything that is
 * not a name (`{3}`, `{ a: 1 }`) are left alone. An unknown or unfilled placeholder is a validation error.
 */
export function renderText(template: string, vars: TemplateVars, encode: (value: string) => string = (v) => v): string {
  return template.replace(TOKEN, (token, name: string | undefined) => {
    if (name === undefined) return token[0] as string;
    if (!Object.hasOwn(vars, name)) {
      throw validationError(
        'template.unknown-placeholder',
        `template "${template}" uses unknown placeholder {${name}}`,
      );
    }
    const value = vars[name];
    if (value === undefined) {
      throw validationError(
        'template.unfilled-placeholder',
        `template "${template}" needs {${name}}, which is not known yet`,
      );
    }
    return encode(value);
  });
}

/** Fills placeholders in every string value of a JSON template (keys are left as they are). */
export function renderJson(template: JsonValue, vars: TemplateVars): JsonValue {
  if (typeof template === 'string') return renderText(template, vars);
  if (Array.isArray(template)) return template.map((item) => renderJson(item, vars));
  if (template !== null && typeof template === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, value] of Object.entries(template)) out[key] = renderJson(value, vars);
    return out;
  }
  return template;
}
