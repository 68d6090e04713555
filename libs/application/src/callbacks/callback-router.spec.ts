import {
  OnCloseRequestSchema,
  OnCloseResponseSchema,
  OnErrorRequestSchema,
  OnErrorResponseSchema,
  OnTextMessageRequestSchema,
  OnTextMessageResponseSchema,
  SchedulerCallbackRequestSchema,
  SchedulerCallbackResponseSchema,
} from '@ndp/protocol';
import { describe, expect, it } from 'vitest';
import { answer, manifestOf, managerHarness } from '../testing/manager-harness.js';
import { CallbackRouter } from './callback-router.js';

async function routed() {
  const h = managerHarness();
  const log: string[] = [];
  const slowError = answer(OnErrorRequestSchema, OnErrorResponseSchema, async (r) => {
    await new Promise((resolve) => setTimeout(resolve, 20)); // OnClose must still come after it
    log.push(`error:${r.connectionId}:${r.error}`);
    return {};
  });
  h.store.put(
    'f',
    manifestOf('p', ['SchedulerCallback', 'WebSocketCallback']),
    h.engine.define('p', {
      exports: {
        scheduler_callback_on_scheduler_callback: answer(
          SchedulerCallbackRequestSchema,
          SchedulerCallbackResponseSchema,
          (r) => {
            log.push(`fire:${r.scheduleId}:${new TextDecoder().decode(r.payload)}:${r.isRecurring}`);
            return r.scheduleId === 'bad' ? { error: 'cannot handle' } : {};
          },
        ),
        web_socket_callback_on_text_message: answer(
          OnTextMessageRequestSchema,
          OnTextMessageResponseSchema,
          (r) => (log.push(`text:${r.connectionId}:${r.message}`), {}),
        ),
        web_socket_callback_on_error: slowError,
        web_socket_callback_on_close: answer(
          OnCloseRequestSchema,
          OnCloseResponseSchema,
          (r) => (log.push(`close:${r.connectionId}:${r.code}`), {}),
        ),
      },
    }),
  );
  const router = new CallbackRouter(
    h.manager,
    (id) => ['ready', 'loading'].includes(h.manager.status(id)?.state ?? ''),
    h.logger,
    h.metrics,
  );
  router.attach(h.scheduler, h.websocket);
  await h.manager.start();
  await h.manager.settled();
  return { h, router, log };
}

describe('CallbackRouter', () => {
  it('delivers a scheduler firing to the owning plugin with its visible id, payload and kind', async () => {
    const { h, log } = await routed();
    await h.scheduler.start();
    await h.scheduler.scheduleOnce({
      pluginId: 'p',
      scheduleId: 'once',
      delayMs: 0,
      payload: new TextEncoder().encode('hi'),
    });
    for (let i = 0; i < 100 && log.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(log).toEqual(['fire:once:hi:false']);
    await h.scheduler.close();
  });

  it('logs a callback error, and drops events for plugins that are gone', async () => {
    const { h, router } = await routed();
    await router.onFire({ pluginId: 'p', scheduleId: 'bad', payload: new Uint8Array(), isRecurring: true });
    expect(h.logger.find('plugin callback failed')[0]!.fields).toMatchObject({
      plugin: 'p',
      method: 'OnSchedulerCallback',
    });
    expect(
      h.metrics.value('ndp_plugin_call_errors_total', {
        plugin: 'p',
        method: 'OnSchedulerCallback',
        code: 'PLUGIN_ERROR',
      }),
    ).toBe(1);
    await router.onFire({ pluginId: 'gone', scheduleId: 'x', payload: new Uint8Array(), isRecurring: false });
    expect(h.logger.find('plugin not found for callback')).toHaveLength(1);
    expect(h.metrics.value('ndp_plugin_callbacks_dropped_total', { plugin: 'gone', kind: 'scheduler' })).toBe(
      1,
    );
  });

  it('keeps socket events of one connection in order: OnError before OnClose', async () => {
    const { h, router, log } = await routed();
    const sink = h.websocket.sink!;
    expect(sink).toBe(router);
    sink.onText({ pluginId: 'p', connectionId: 'c1' }, 'a');
    sink.onError({ pluginId: 'p', connectionId: 'c1' }, 'reset');
    sink.onClose({ pluginId: 'p', connectionId: 'c1' }, 1006, 'abnormal');
    await router.idle();
    expect(log).toEqual(['text:c1:a', 'error:c1:reset', 'close:c1:1006']);
  });
});
