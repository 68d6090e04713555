// Reads the ABI model (API version, module names, capabilities, host services) from the custom options
// in ndp/options.proto. Every generated name derives from this model.
import { getOption, hasOption } from '@bufbuild/protobuf';
import { capabilityExportName, hostImportName } from './naming.mjs';

/**
 * @typedef {import('@bufbuild/protobuf').DescMethod} DescMethod
 * @typedef {import('@bufbuild/protobuf').DescService} DescService
 * @typedef {{ name: string, service: DescService, methods: { method: string, exportName: string, desc: DescMethod }[] }} CapabilityModel
 * @typedef {{ permission: string, importModule: string, position: number, service: DescService,
 *   methods: { method: string, importName: string, desc: DescMethod }[] }} HostServiceModel
 * @typedef {{ apiVersion: number, kernelModule: string, hostModule: string,
 *   capabilities: CapabilityModel[], hostServices: HostServiceModel[] }} ContractModel
 */

/**
 * Builds the contract model from the files of one generation run.
 * @param {import('@bufbuild/protobuf').Registry} registry all files of the request
 * @param {import('@bufbuild/protobuf').DescFile[]} files the files to generate
 * @returns {ContractModel}
 */
export function readContract(registry, files) {
  const abiExt = mustExtension(registry, 'ndp.abi');
  const capExt = mustExtension(registry, 'ndp.capability');
  const hostExt = mustExtension(registry, 'ndp.host_service');

  const abiFiles = files.filter((f) => hasOption(f, abiExt));
  if (abiFiles.length !== 1) {
    throw new Error(
      `exactly one file must set option (ndp.abi); found ${abiFiles.map((f) => f.name).join(', ') || 'none'}`,
    );
  }
  const abi = getOption(abiFiles[0], abiExt);
  if (!abi.apiVersion || !abi.kernelModule)
    throw new Error(`${abiFiles[0].name}: (ndp.abi) needs api_version and kernel_module`);

  /** @type {CapabilityModel[]} */
  const capabilities = [];
  /** @type {HostServiceModel[]} */
  const hostServices = [];
  for (const file of files) {
    for (const service of file.services) {
      const isCap = hasOption(service, capExt);
      const isHost = hasOption(service, hostExt);
      if (isCap === isHost) {
        throw new Error(`${service.typeName}: set exactly one of (ndp.capability) and (ndp.host_service)`);
      }
      if (isCap) {
        if (file !== abiFiles[0])
          throw new Error(`${service.typeName}: capabilities belong in ${abiFiles[0].name}`);
        capabilities.push({
          name: service.name,
          service,
          methods: service.methods.map((m) => ({
            method: m.name,
            exportName: capabilityExportName(service.name, m.name),
            desc: m,
          })),
        });
      } else {
        const opt = getOption(service, hostExt);
        if (!opt.permission || !opt.importModule || !opt.position) {
          throw new Error(
            `${service.typeName}: (ndp.host_service) needs permission, import_module and position`,
          );
        }
        hostServices.push({
          permission: opt.permission,
          importModule: opt.importModule,
          position: opt.position,
          service,
          methods: service.methods.map((m) => ({
            method: m.name,
            importName: hostImportName(opt.permission, m.name),
            desc: m,
          })),
        });
      }
    }
  }
  hostServices.sort((a, b) => a.position - b.position);
  const modules = new Set(hostServices.map((h) => h.importModule));
  if (modules.size !== 1)
    throw new Error(`host services must share one import module; found ${[...modules].join(', ')}`);
  assertUnique(
    hostServices.map((h) => h.permission),
    'permission',
  );
  assertUnique(
    hostServices.map((h) => h.position),
    'host service position',
  );
  assertUnique(
    capabilities.flatMap((c) => c.methods.map((m) => m.exportName)),
    'capability export name',
  );
  assertUnique(
    hostServices.flatMap((h) => h.methods.map((m) => m.importName)),
    'host import name',
  );
  return {
    apiVersion: abi.apiVersion,
    kernelModule: abi.kernelModule,
    hostModule: [...modules][0],
    capabilities,
    hostServices,
  };
}

function mustExtension(registry, name) {
  const ext = registry.getExtension(name);
  if (!ext) throw new Error(`extension ${name} not found: import "ndp/options.proto"`);
  return ext;
}

function assertUnique(values, what) {
  const seen = new Set();
  for (const v of values) {
    if (seen.has(v)) throw new Error(`duplicate ${what}: ${v}`);
    seen.add(v);
  }
}
