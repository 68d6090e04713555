// The protoc plugin: one request (strategy: all) in, every generated file out.
import { create, createFileRegistry } from '@bufbuild/protobuf';
import {
  CodeGeneratorResponse_Feature,
  CodeGeneratorResponseSchema,
  FileDescriptorSetSchema,
} from '@bufbuild/protobuf/wkt';
import { readContract } from './contract.mjs';
import { generateAsAbi } from './gen-as-abi.mjs';
import { generateAsCodecs } from './gen-as-codecs.mjs';
import { generateAsRegistry } from './gen-as-registry.mjs';
import { generateDomainContract } from './gen-domain-contract.mjs';
import { generateTsAbi } from './gen-ts-abi.mjs';
import { generateTsIndex } from './gen-ts-index.mjs';

const DEFAULTS = {
  /** `contract`: everything; `codecs`: AssemblyScript codecs and registry only (test protos). */
  mode: 'contract',
  tsOut: 'libs/protocol/src/gen',
  domainOut: 'libs/domain/src/gen',
  asOut: 'libs/protocol/assembly/gen',
  asRuntime: 'libs/protocol/assembly/runtime',
};

const KEYS = {
  mode: 'mode',
  ts_out: 'tsOut',
  domain_out: 'domainOut',
  as_out: 'asOut',
  as_runtime: 'asRuntime',
};

/**
 * Parses the plugin parameter (`key=value,key=value`).
 * @param {string} parameter
 */
export function parseOptions(parameter) {
  const opts = { ...DEFAULTS };
  for (const part of parameter.split(',').filter(Boolean)) {
    const [k, v = ''] = part.split('=');
    if (!(k in KEYS)) throw new Error(`unknown option ${k} (known: ${Object.keys(KEYS).join(', ')})`);
    opts[KEYS[k]] = v.replace(/\/+$/, '');
  }
  if (opts.mode !== 'contract' && opts.mode !== 'codecs') throw new Error(`mode must be contract or codecs`);
  return opts;
}

/**
 * Generates every file for a request.
 * @param {import('@bufbuild/protobuf/wkt').CodeGeneratorRequest} request
 * @returns {{ name: string, content: string }[]}
 */
export function generate(request) {
  const opts = parseOptions(request.parameter ?? '');
  const registry = createFileRegistry(create(FileDescriptorSetSchema, { file: request.protoFile }));
  const files = request.fileToGenerate.map((n) => {
    const f = registry.getFile(n);
    if (!f) throw new Error(`file ${n} missing from the request`);
    return f;
  });
  const generated = new Set(files.map((f) => f.name));
  const out = [];
  for (const f of files) {
    if (f.messages.length > 0) out.push(generateAsCodecs(f, { ...opts, generated }));
  }
  const withMessages = files.filter((f) => f.messages.length > 0);
  out.push(generateAsRegistry(withMessages, opts));
  if (opts.mode === 'contract') {
    const model = readContract(registry, files);
    out.push(generateTsAbi(model, opts));
    out.push(generateTsIndex(files, opts));
    out.push(generateDomainContract(model, opts));
    out.push(generateAsAbi(model, opts));
  }
  return out;
}

/** The plugin for `runNodeJs`. */
export const protocGenNdp = {
  name: 'protoc-gen-ndp',
  version: 'v1',
  run(request) {
    return create(CodeGeneratorResponseSchema, {
      supportedFeatures: BigInt(CodeGeneratorResponse_Feature.PROTO3_OPTIONAL),
      file: generate(request),
    });
  },
};
