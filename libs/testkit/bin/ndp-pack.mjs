#!/usr/bin/env node
// `ndp-pack [folder] [-o file.ndp]`: packs a built plugin folder into a .ndp package, for plugin projects that do
// not have the ndp CLI installed.
import { runPack } from '../dist/pack-cli.js';

process.exitCode = await runPack(process.argv.slice(2), process.cwd());
