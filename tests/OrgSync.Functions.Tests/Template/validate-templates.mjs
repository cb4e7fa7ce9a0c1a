// Validates the repository's CloudFormation templates without the SAM CLI or Docker:
//   - template.yaml against the official SAM schema (vendor/sam/sam.schema.json, JSON Schema
//     draft-04), every error reported with its instance path;
//   - template.yaml and infra/*.yaml: YAML with the CloudFormation short forms (!Ref, !Sub, ...),
//     template structure, and reference integrity (every Ref, GetAtt, Sub variable, condition,
//     mapping and DependsOn names something declared; every parameter and condition is used).
// Prints {"errors":[{"file","path","message"}], "templates":{"<file>": <long-form JSON>}} on stdout,
// or into the file named by --out (the .NET tests assert on the long form), and the errors, one per
// line, on stderr. Exit status: 0 when there is no error, 1 otherwise, 2 when it could not run.
//
//   node tests/OrgSync.Functions.Tests/Template/validate-templates.mjs [--root <repo>] [--schema <file>] [--out <file>]
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';
import { parseDocument } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const option = (name) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
};
const root = resolve(option('--root') ?? join(here, '..', '..', '..'));
const schemaPath = resolve(option('--schema') ?? join(root, 'vendor', 'sam', 'sam.schema.json'));

const errors = [];
const report = (file, path, message) => errors.push({ file, path, message });

// ---- YAML with CloudFormation short forms -------------------------------------------------------
const shortForms = ['Ref', 'Condition', 'Sub', 'GetAtt', 'If', 'Equals', 'Not', 'Join', 'Select', 'Split',
  'FindInMap', 'ImportValue', 'Base64', 'Cidr', 'GetAZs', 'And', 'Or'];
const longName = (name) => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);
const customTags = shortForms.flatMap((name) => {
  const key = longName(name);
  const scalar = name === 'GetAtt'
    // !GetAtt Resource.Attribute.With.Dots -> ["Resource", "Attribute.With.Dots"]
    ? (text) => { const dot = text.indexOf('.'); return { [key]: dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)] }; }
    : (text) => ({ [key]: text });
  return [
    { tag: `!${name}`, resolve: scalar },
    { tag: `!${name}`, collection: 'seq', resolve: (seq, _onError, options) => ({ [key]: seq.toJSON(null, options) }) },
    { tag: `!${name}`, collection: 'map', resolve: (map, _onError, options) => ({ [key]: map.toJSON(null, options) }) },
  ];
});

function loadTemplate(file) {
  const text = readFileSync(join(root, file), 'utf8');
  const document = parseDocument(text, { customTags, uniqueKeys: true, prettyErrors: true });
  for (const problem of [...document.errors, ...document.warnings]) {
    const at = problem.linePos?.[0];
    report(file, at ? `line ${at.line}, column ${at.col}` : '', `YAML: ${problem.message.split('\n')[0]}`);
  }
  if (document.errors.length > 0) return undefined;
  const value = document.toJS({ maxAliasCount: 100 });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    report(file, '', 'the template is not a YAML mapping');
    return undefined;
  }
  return value;
}

// ---- Template structure and references ----------------------------------------------------------
const topLevelKeys = new Set(['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules',
  'Mappings', 'Conditions', 'Transform', 'Resources', 'Outputs', 'Globals']);
const pseudoParameters = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition',
  'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);
const parameterTypes = /^(String|Number|List<Number>|CommaDelimitedList|AWS::[A-Za-z0-9:]+|List<AWS::[A-Za-z0-9:]+>)$/;

function checkStructure(file, template, { serverless }) {
  for (const key of Object.keys(template)) {
    if (!topLevelKeys.has(key)) report(file, `/${key}`, `unknown top-level section '${key}'`);
  }
  if (template.AWSTemplateFormatVersion !== undefined && template.AWSTemplateFormatVersion !== '2010-09-09') {
    report(file, '/AWSTemplateFormatVersion', "must be the string '2010-09-09'");
  }
  const transforms = [template.Transform ?? []].flat();
  if (serverless && !transforms.includes('AWS::Serverless-2016-10-31')) {
    report(file, '/Transform', 'must include AWS::Serverless-2016-10-31');
  }
  if (!serverless && transforms.length > 0) report(file, '/Transform', 'a plain CloudFormation template needs no Transform');
  if (!serverless && template.Globals !== undefined) report(file, '/Globals', 'Globals needs the SAM transform');
  const resources = template.Resources;
  if (!resources || typeof resources !== 'object' || Object.keys(resources).length === 0) {
    report(file, '/Resources', 'a template needs at least one resource');
    return;
  }
  for (const [id, resource] of Object.entries(resources)) {
    if (!/^[A-Za-z0-9]+$/.test(id)) report(file, `/Resources/${id}`, 'logical ids are alphanumeric');
    if (typeof resource?.Type !== 'string' || !/^(AWS|Custom)::/.test(resource.Type)) {
      report(file, `/Resources/${id}/Type`, 'every resource needs a Type such as AWS::SQS::Queue');
    }
  }
  for (const [name, parameter] of Object.entries(template.Parameters ?? {})) {
    if (!parameterTypes.test(parameter?.Type ?? '')) report(file, `/Parameters/${name}/Type`, `unknown parameter type '${parameter?.Type}'`);
    if (parameter?.Default !== undefined && parameter.AllowedValues && !parameter.AllowedValues.map(String).includes(String(parameter.Default))) {
      report(file, `/Parameters/${name}/Default`, `default '${parameter.Default}' is not one of AllowedValues`);
    }
    if (parameter?.Default !== undefined && parameter.AllowedPattern && parameter.Type === 'String'
      && !new RegExp(parameter.AllowedPattern).test(String(parameter.Default))) {
      report(file, `/Parameters/${name}/Default`, `default '${parameter.Default}' does not match AllowedPattern`);
    }
  }
}

function checkReferences(file, template) {
  const parameters = new Set(Object.keys(template.Parameters ?? {}));
  const resources = new Set(Object.keys(template.Resources ?? {}));
  const conditions = new Set(Object.keys(template.Conditions ?? {}));
  const mappings = template.Mappings ?? {};
  const usedParameters = new Set();
  const usedConditions = new Set();

  const useName = (path, name, extra = new Set()) => {
    if (typeof name !== 'string') { report(file, path, 'a reference must name something with a string'); return; }
    if (parameters.has(name)) usedParameters.add(name);
    else if (!resources.has(name) && !pseudoParameters.has(name) && !extra.has(name)) report(file, path, `'${name}' is not a parameter, resource or pseudo parameter`);
  };
  const useCondition = (path, name) => {
    if (typeof name !== 'string' || !conditions.has(name)) report(file, path, `'${name}' is not a declared condition`);
    else usedConditions.add(name);
  };

  const walk = (node, path, inConditions) => {
    if (Array.isArray(node)) { node.forEach((item, index) => walk(item, `${path}/${index}`, inConditions)); return; }
    if (node === null || typeof node !== 'object') return;
    const keys = Object.keys(node);
    if (keys.length === 1) {
      const [key] = keys;
      const value = node[key];
      if (key === 'Ref') { useName(`${path}/Ref`, value); return; }
      if (key === 'Condition' && inConditions) { useCondition(`${path}/Condition`, value); return; }
      if (key === 'Fn::GetAtt') {
        const target = typeof value === 'string' ? value.split('.')[0] : value?.[0];
        if (!resources.has(target)) report(file, `${path}/Fn::GetAtt`, `'${target}' is not a resource`);
        if (Array.isArray(value)) walk(value.slice(1), `${path}/Fn::GetAtt`, inConditions);
        return;
      }
      if (key === 'Fn::Sub') {
        const [text, variables = {}] = Array.isArray(value) ? value : [value, {}];
        if (typeof text !== 'string') report(file, `${path}/Fn::Sub`, 'the first argument of Fn::Sub is a string');
        else {
          for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
            const name = match[1];
            if (name.startsWith('!')) continue;
            if (Object.hasOwn(variables, name)) continue;
            const dot = name.indexOf('.');
            if (dot > 0 && !name.startsWith('AWS::')) {
              if (!resources.has(name.slice(0, dot))) report(file, `${path}/Fn::Sub`, `'\${${name}}': '${name.slice(0, dot)}' is not a resource`);
            } else useName(`${path}/Fn::Sub`, name);
          }
        }
        walk(variables, `${path}/Fn::Sub/1`, inConditions);
        return;
      }
      if (key === 'Fn::If') {
        if (!Array.isArray(value) || value.length !== 3) report(file, `${path}/Fn::If`, 'Fn::If takes [condition, value if true, value if false]');
        else { useCondition(`${path}/Fn::If/0`, value[0]); walk(value.slice(1), `${path}/Fn::If`, inConditions); }
        return;
      }
      if (key === 'Fn::FindInMap') {
        if (!Array.isArray(value) || value.length < 3) report(file, `${path}/Fn::FindInMap`, 'Fn::FindInMap takes [map, top-level key, second-level key]');
        else if (typeof value[0] === 'string' && !Object.hasOwn(mappings, value[0])) report(file, `${path}/Fn::FindInMap`, `'${value[0]}' is not a mapping`);
        walk(value, `${path}/Fn::FindInMap`, inConditions);
        return;
      }
      if (key === 'Fn::Join' && (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string')) {
        report(file, `${path}/Fn::Join`, 'Fn::Join takes [literal delimiter, list]');
      }
    }
    for (const key of keys) walk(node[key], `${path}/${key}`, inConditions);
  };

  for (const [name, definition] of Object.entries(template.Conditions ?? {})) walk(definition, `/Conditions/${name}`, true);
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    if (resource?.Condition !== undefined) useCondition(`/Resources/${id}/Condition`, resource.Condition);
    for (const dependency of [resource?.DependsOn ?? []].flat()) {
      if (!resources.has(dependency)) report(file, `/Resources/${id}/DependsOn`, `'${dependency}' is not a resource`);
    }
    walk(resource?.Properties, `/Resources/${id}/Properties`, false);
    walk(resource?.Metadata, `/Resources/${id}/Metadata`, false);
  }
  walk(template.Globals, '/Globals', false);
  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    if (output?.Condition !== undefined) useCondition(`/Outputs/${name}/Condition`, output.Condition);
    if (output?.Value === undefined) report(file, `/Outputs/${name}`, 'an output needs a Value');
    walk(output, `/Outputs/${name}`, false);
  }
  for (const name of parameters) if (!usedParameters.has(name)) report(file, `/Parameters/${name}`, `parameter '${name}' is never used`);
  for (const name of conditions) if (!usedConditions.has(name)) report(file, `/Conditions/${name}`, `condition '${name}' is never used`);
}

// ---- SAM schema ---------------------------------------------------------------------------------
function validateAgainstSamSchema(file, template) {
  if (!existsSync(schemaPath)) { report(file, '', `SAM schema not found at ${schemaPath}`); return; }
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  // strict: false - the schema carries SAM's own annotation keywords (__samPassThrough, ...).
  // verbose: errors carry the failing schema, which lets unions be explained below.
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, validateFormats: false });
  ajv.addSchema(schema, 'sam');

  const at = (data, pointer) => pointer.split('/').slice(1)
    .reduce((node, token) => (node == null ? undefined : node[token.replace(/~1/g, '/').replace(/~0/g, '~')]), data);
  const kindsOf = (branch) => {
    const name = /^#\/definitions\/(.+)$/.exec(branch?.$ref ?? '')?.[1];
    return name ? schema.definitions[name]?.properties?.Type?.enum : undefined;
  };
  const describe = (error) => {
    const detail = error.keyword === 'additionalProperties' ? ` ('${error.params.additionalProperty}')`
      : error.keyword === 'enum' ? ` (${JSON.stringify(error.params.allowedValues)})` : '';
    return `${error.message}${detail}`;
  };

  // Resources and function events are anyOf(every kind), each kind pinned by a `Type` enum; ajv
  // then reports one failure per kind. Explain a union by validating the instance against the one
  // kind its Type names, so each error is the real one, at its instance path.
  const explain = (validate, data, prefix) => {
    if (validate(data)) return [];
    const errors = validate.errors;
    const found = [];
    const explained = [];
    const unions = errors.filter((e) => e.keyword === 'anyOf').sort((a, b) => a.instancePath.length - b.instancePath.length);
    for (const union of unions) {
      if (explained.some((path) => union.instancePath === path || union.instancePath.startsWith(`${path}/`))) continue;
      const node = at(data, union.instancePath);
      if (!node || typeof node !== 'object' || typeof node.Type !== 'string' || !Array.isArray(union.schema)) continue;
      const kinds = union.schema.map(kindsOf);
      const own = union.schema.filter((_, index) => kinds[index]?.includes(node.Type));
      if (own.length === 1) {
        found.push(...explain(ajv.getSchema(`sam${own[0].$ref}`), node, `${prefix}${union.instancePath}`));
        explained.push(union.instancePath);
      } else if (own.length === 0 && kinds.every(Boolean)) {
        found.push({ path: `${prefix}${union.instancePath}/Type`, message: `'${node.Type}' is none of ${JSON.stringify(kinds.flat())}` });
        explained.push(union.instancePath);
      }
    }
    for (const error of errors) {
      if (explained.some((path) => error.instancePath === path || error.instancePath.startsWith(`${path}/`))) continue;
      found.push({ path: `${prefix}${error.instancePath}`, message: describe(error) });
    }
    return found;
  };

  for (const { path, message } of explain(ajv.getSchema('sam'), template, '')) report(file, path || '/', `SAM schema: ${message}`);
}

// ---- Main ---------------------------------------------------------------------------------------
const templates = {};
try {
  const samFile = 'template.yaml';
  const sam = loadTemplate(samFile);
  if (sam) {
    templates[samFile] = sam;
    checkStructure(samFile, sam, { serverless: true });
    checkReferences(samFile, sam);
    validateAgainstSamSchema(samFile, sam);
  }
  const infra = join(root, 'infra');
  const infraFiles = existsSync(infra)
    ? readdirSync(infra).filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => relative(root, join(infra, name)).split('\\').join('/'))
    : [];
  for (const file of infraFiles) {
    const template = loadTemplate(file);
    if (!template) continue;
    templates[file] = template;
    checkStructure(file, template, { serverless: false });
    checkReferences(file, template);
  }
} catch (failure) {
  console.error(`validate-templates: ${failure.stack ?? failure}`);
  process.exit(2);
}

for (const { file, path, message } of errors) console.error(`${file} ${path}: ${message}`);
const result = JSON.stringify({ errors, templates });
if (option('--out')) {
  writeFileSync(resolve(option('--out')), result);
  console.log(`validate-templates: ${Object.keys(templates).length} templates, ${errors.length} errors`);
} else process.stdout.write(result);
process.exitCode = errors.length === 0 ? 0 : 1;
