// Output paths and import specifiers, relative to the repository root (the plugin's `out: .`).
import { posix } from 'node:path';

/**
 * A relative import specifier from one generated file to another path, without an extension unless given.
 * @param {string} fromFile repository-relative path of the importing file
 * @param {string} target repository-relative path of the imported module (extension as it should appear)
 */
export function relativeSpecifier(fromFile, target) {
  const rel = posix.relative(posix.dirname(fromFile), target);
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/**
 * An identifier for a proto file, usable as a namespace import name: `host/http/http` → `host_http_http`.
 * @param {import('@bufbuild/protobuf').DescFile} file
 */
export function fileIdent(file) {
  return file.name.replace(/[^A-Za-z0-9]+/g, '_');
}

/**
 * The protoc-gen-es identifier of a message schema: `FooSchema`, `Outer_InnerSchema` for nested messages.
 * @param {import('@bufbuild/protobuf').DescMessage} message
 */
export function esSchemaName(message) {
  return `${localTypeName(message)}Schema`;
}

/**
 * A message's name inside its package, with nesting spelled by `_`: `Outer_Inner`.
 * @param {import('@bufbuild/protobuf').DescMessage} message
 */
export function localTypeName(message) {
  const pkg = message.file.proto.package;
  const local = pkg ? message.typeName.slice(pkg.length + 1) : message.typeName;
  return local.replace(/\./g, '_');
}
