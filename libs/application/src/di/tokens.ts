import { token, type Token } from '@ndp/ports';
import type { Agents } from '../dispatch/agents.js';
import type { Scrobblers } from '../dispatch/scrobblers.js';
import type { CallbackRouter } from '../callbacks/callback-router.js';
import type { PluginManager } from '../manager/plugin-manager.js';

/** Binds the {@link PluginManager} (resolving it also wires scheduler and WebSocket callbacks). */
export const PLUGIN_MANAGER: Token<PluginManager> = token<PluginManager>('application/PluginManager');
/** Binds the MetadataAgent fall-through chain ({@link Agents}) built from the `Agents` setting. */
export const AGENTS: Token<Agents> = token<Agents>('application/Agents');
/** Binds {@link Scrobblers}: every ready Scrobbler plugin. */
export const SCROBBLERS: Token<Scrobblers> = token<Scrobblers>('application/Scrobblers');
/** Binds the {@link CallbackRouter} attached to the scheduler and WebSocket client. */
export const CALLBACK_ROUTER: Token<CallbackRouter> = token<CallbackRouter>('application/CallbackRouter');
