#!/usr/bin/env node
// protoc-gen-ndp: generates the ABI tables (TS, domain TS, AssemblyScript) and the AssemblyScript codecs
// from libs/protocol/proto. Run by `npm run generate` through buf; see plugin.mjs.
import { runNodeJs } from '@bufbuild/protoplugin';
import { protocGenNdp } from './plugin.mjs';

runNodeJs(protocGenNdp);
