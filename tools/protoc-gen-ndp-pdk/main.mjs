#!/usr/bin/env node
// protoc/buf entry point (buf.gen.yaml runs `node tools/protoc-gen-ndp-pdk/main.mjs`, strategy all).
import { runNodeJs } from '@bufbuild/protoplugin';
import { protocGenNdpPdk } from './plugin.mjs';

runNodeJs(protocGenNdpPdk);
