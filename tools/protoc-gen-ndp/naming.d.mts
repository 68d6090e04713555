export declare function snakeCase(name: string): string;
export declare function capabilityExportName(service: string, method: string): string;
export declare function hostImportName(permission: string, method: string): string;
export declare function lowerCamelCase(name: string): string;
export declare function constantName(name: string): string;
