/**
 * The load error text of docs/contract.md §5 for a module importing a host function its manifest does not grant:
 * `plugin "<id>" imports <service>.<function> but its manifest does not grant "<permission>"`.
 * The wording is part of the contract; do not rephrase it.
 */
export function permissionNotGrantedMessage(
  pluginId: string,
  service: string,
  fn: string,
  permission: string,
): string {
  return `plugin "${pluginId}" imports ${service}.${fn} but its manifest does not grant "${permission}"`;
}
