// Package entry for asc, which resolves a bare `@ndp/pdk-assemblyscript` import to this file.
export * from './assembly/index';
